// The grader role: grades outputs with pure check kinds. It never loads learner code, so
// nothing the learner's code patches (Object.is, JSON.stringify, prototypes…) reaches it.
import { evaluateCheck } from '../../checks/engine';
import { revive } from './snapshot';
import type { GraderEvent, SandboxGradeRequest } from './messages';

export function graderRole(send: (event: GraderEvent) => void): (req: SandboxGradeRequest) => void {
  return (req) => {
    if (req.type !== 'grade') return;
    const outcomes = req.items.map((item) => evaluateCheck(item.spec, item.snapshot ? { ...item.input, output: revive(item.input.output) } : item.input));
    send({ type: 'graded', batch: req.batch, outcomes });
  };
}
