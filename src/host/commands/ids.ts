/** Command ids, as contributed in package.json. */
export const Commands = {
  openLesson: 'aiDojo.openLesson',
  runChecks: 'aiDojo.runChecks',
  showHint: 'aiDojo.showHint',
  askModelHint: 'aiDojo.askModelHint',
  cancelModelHint: 'aiDojo.cancelModelHint',
  showSolution: 'aiDojo.showSolution',
  resetLesson: 'aiDojo.resetLesson',
  nextLesson: 'aiDojo.nextLesson',
  refreshLessons: 'aiDojo.refreshLessons',
  showLog: 'aiDojo.showLog',
  configureModel: 'aiDojo.configureModel',
  setApiKey: 'aiDojo.setApiKey',
  clearApiKey: 'aiDojo.clearApiKey',
  testModelConnection: 'aiDojo.testModelConnection',
  clearModelCache: 'aiDojo.clearModelCache',
  exportProgress: 'aiDojo.exportProgress',
  importProgress: 'aiDojo.importProgress',
  resetAllProgress: 'aiDojo.resetAllProgress',
  newLesson: 'aiDojo.newLesson',
  validatePack: 'aiDojo.validatePack',
  installDependencies: 'aiDojo.installDependencies',
  continueLesson: 'aiDojo.continueLesson',
  toggleWatch: 'aiDojo.toggleWatch',
} as const;

export const ContextKeys = {
  lessonActive: 'aiDojo.lessonActive',
  lessonFileActive: 'aiDojo.lessonFileActive',
  watching: 'aiDojo.watching',
} as const;
