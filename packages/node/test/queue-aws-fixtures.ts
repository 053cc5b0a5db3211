/**
 * Messages exactly as AWS hands them to a consumer, copied from the AWS documentation examples, with only the message
 * attributes replaced by what a producer sent:
 * - Lambda SQS event: Lambda developer guide, "Using Lambda with Amazon SQS" (example standard queue event);
 * - Lambda SNS event: Lambda developer guide, "Using Lambda with Amazon SNS" (example event);
 * - SNS notification JSON: SNS developer guide, "Parsing message formats" / "Fanout to Amazon SQS queues" (the body
 *   SQS receives from a subscription without raw message delivery);
 * - ReceiveMessage output: SQS API reference, `ReceiveMessage` example response (JSON protocol).
 *
 * Attribute shapes differ per path, and mapping between them is what AWS does on delivery:
 * SendMessage / Publish input `{DataType, StringValue}` → ReceiveMessage `{DataType, StringValue}`,
 * Lambda SQS `{stringValue, stringListValues, binaryListValues, dataType}`, SNS JSON `{Type, Value}`.
 */
import { createHash } from 'node:crypto';
import type { SNSEventRecord, SQSRecord } from 'aws-lambda';

/** Producer-side attributes, as `SendMessage` / `Publish` input carries them. */
export type SentAttributes = Record<string, { DataType: string | undefined; StringValue?: string | undefined }>;

export function lambdaSqsRecord(sent: SentAttributes, body = 'Test message.'): SQSRecord {
  return {
    messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1545082649183',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1545082649185',
    },
    messageAttributes: Object.fromEntries(
      Object.entries(sent).map(([name, value]) => [
        name,
        { stringValue: value.StringValue, stringListValues: [], binaryListValues: [], dataType: value.DataType ?? '' },
      ]),
    ),
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:my-queue',
    awsRegion: 'us-east-2',
  };
}

/** SNS's delivery of publish attributes: `{DataType, StringValue}` → `{Type, Value}`. */
function snsJsonAttributes(sent: SentAttributes): Record<string, { Type: string; Value: string | undefined }> {
  return Object.fromEntries(
    Object.entries(sent).map(([name, value]) => [name, { Type: value.DataType ?? 'String', Value: value.StringValue }]),
  );
}

export function lambdaSnsRecord(sent: SentAttributes): SNSEventRecord {
  return {
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:sns-lambda:21be56ed-a058-49f5-8c98-aedd2564c486',
    EventSource: 'aws:sns',
    Sns: {
      SignatureVersion: '1',
      Timestamp: '2019-01-02T12:45:07.000Z',
      Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
      SigningCertUrl:
        'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem',
      MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
      Message: 'Hello from SNS!',
      MessageAttributes: snsJsonAttributes(sent) as SNSEventRecord['Sns']['MessageAttributes'],
      Type: 'Notification',
      UnsubscribeUrl:
        'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&amp;SubscriptionArn=arn:aws:sns:us-east-1:123456789012:test-lambda:21be56ed-a058-49f5-8c98-aedd2564c486',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:sns-lambda',
      Subject: 'TestInvoke',
    },
  };
}

/** The JSON body an SQS queue subscribed to a topic receives (no raw message delivery), as SNS formats it. */
export function snsNotificationBody(sent: SentAttributes): string {
  const notification = {
    Type: 'Notification',
    MessageId: '63a3f6b6-d533-4a47-aef9-fcf5cf758c76',
    TopicArn: 'arn:aws:sns:us-west-2:123456789012:MyTopic',
    Subject: 'Testing publish to subscribed queues',
    Message: 'Hello world!',
    Timestamp: '2012-03-29T05:12:16.901Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLEnTrFPa3...',
    SigningCertURL:
      'https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
    UnsubscribeURL:
      'https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c7fe3a54-ab0e-4ec2-88e0-db410a0f2bee',
    MessageAttributes: snsJsonAttributes(sent),
  };
  // SNS pretty-prints with " : " separators; keep the exact look, JSON parsers don't care.
  return JSON.stringify(notification, null, 2).replace(/": /g, '" : ');
}

/** `ReceiveMessage` JSON response body (SQS JSON protocol) holding one message with `sent` attributes. */
export function receiveMessageResponse(sent: SentAttributes, body = 'This is a test message'): string {
  return JSON.stringify({
    Messages: [
      {
        Attributes: {
          SenderId: 'AIDASSYFHUBOBT7F4XT75',
          ApproximateFirstReceiveTimestamp: '1677112433437',
          ApproximateReceiveCount: '1',
          SentTimestamp: '1677112427387',
        },
        Body: body,
        MD5OfBody: createHash('md5').update(body).digest('hex'), // the SDK checks it
        MessageId: '219f8380-5770-4cc2-8c3e-5c715e145f5e',
        ReceiptHandle:
          'AQEBaZ+j5qUoOAoxlmrCQPkBm9njMWXqemmIG6shMHCO6fV20JrQYg/AiZ8JELwLwOu5U61W+aIX5Qzu7GGofxJuvzymr4Ph53RiR0mudj4InLSgpSspYeTRDteBye5tV/txbZDdNZxsi+qqZA9xPnmMscKQqF6pGhnGIKrnkYGl45Nl6GPIZv62LrIRb6mSqOn1fn0yqrvmWuuY3w2UzQbaYunJWGxpzZze21EOBtywknU3Je/g7G9is+c6K9hGniddzGLkK1DxkY5g39UbVf/QXtSA2ABhBZeT2yLzzqoZ/T2Ew0mJgAzT7DThrGc6GNDKkuiIJQ1gGJmvAH8J8nguHHw1EpTeAl+9wThaZAtSp4SV7L8ZjC6ZTDaidF5tAFf+bcZRqjMQ7X2ZvkXXKzU0HkXPlL/mZt8UJ44e6rzHYvwOXxyx6/f2vl4gDSG0bS1Hbq8OfBYmZ1VtqxjIqX7/+UEvuOrmvZUqLePi0GaVd6b2JRqlZiCWDpdKk6eRnhTkG3QcAqtgHMq1P/fJ1hFvrWSOGHqLy/ls9L6fscMndJtmZBqFYxb8Gw7ODVZIL+xkbU+FnuUbjrw0ERrNnu8ex4blTL9YJTcDIuIp0A5wXAT6vjaH4vH0cB7yInbsIZEqMcUmIBe4wVlhrvNWRVoUsXw4Lz0uW25jnA7s0gQLfRWPjV9wEW7fDOCMv8MMdxJmWmN7hFk7yJ+ygYdfNFfrHvo0+wYUd9ZUBbTYF2pcSSA==',
        MessageAttributes: sent,
      },
    ],
  });
}
