// Runs in its own Node process (forked by SandboxPool), in one of two roles (see messages.ts):
// `learner` runs the learner's code, `grader` grades outputs. Nothing here touches the editor;
// a loop, a crash or a memory bomb here ends this process only.
import { graderRole } from './grader';
import { guardSignals } from './guards';
import { learnerRole } from './learner';
import type { GraderEvent, LearnerEvent, LearnerRequest, SandboxGradeRequest } from './messages';

// Taken before any other code runs here, which may replace process.send.
const rawSend = process.send?.bind(process);
function send(event: LearnerEvent | GraderEvent): void {
  rawSend?.(event);
}

const endGroup = guardSignals();
// A process whose parent went away (editor closed) has nothing left to do: it ends with
// everything it started.
process.once('disconnect', () => endGroup('SIGKILL'));

const role = (process.argv[2] === 'grader' ? graderRole(send) : learnerRole(send)) as (req: LearnerRequest | SandboxGradeRequest) => void;
process.on('message', (req: LearnerRequest | SandboxGradeRequest) => role(req));
send({ type: 'ready' });
