/** Not an OpenAI route: the scripted server lists the requests it recorded here, so a lesson's
 *  checks can read what the learner's code sent. Its own file: the sandbox needs only this. */
export const REQUESTS_ROUTE = '/__dojo/requests';
