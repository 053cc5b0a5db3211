/**
 * Errors of the local SQS endpoint, shaped as SQS's AWS JSON 1.0 protocol answers them: `__type` names the error
 * (the AWS SDK turns it into an exception of that name), and `x-amzn-query-error` carries the legacy query-protocol
 * code that SQS clients in "query compatible" mode (all current SDKs) read.
 */
export class SqsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly queryCode: string = type,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }

  get body(): { __type: string; message: string } {
    return { __type: `com.amazonaws.sqs#${this.type}`, message: this.message };
  }
}

export const invalidParameter = (message: string) => new SqsError('InvalidParameterValue', message);
export const missingParameter = (name: string) =>
  new SqsError('MissingParameter', `The request must contain the parameter ${name}.`);
