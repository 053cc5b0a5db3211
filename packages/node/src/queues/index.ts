export {
  type AmqpMessageLike,
  type AmqpPublishOptions,
  extractAmqpContext,
  injectAmqpHeaders,
} from './amqp.js';
export {
  AWS_MAX_MESSAGE_ATTRIBUTES,
  type AwsMessageAttributes,
  type AwsMessageAttributeValue,
} from './aws-message-attributes.js';
export { extractKafkaContext, injectKafkaHeaders, type KafkaHeaders, type KafkaMessageLike } from './kafka.js';
export { type MessageContextOptions, runInMessageContext } from './message-context.js';
export { extractNatsContext, injectNatsHeaders, type NatsHeadersLike } from './nats.js';
export type { MessageCarrier } from './recognize-message.js';
export {
  extractSnsContext,
  extractSnsEnvelopeContext,
  injectSnsBatchAttributes,
  injectSnsMessageAttributes,
  type SnsNotificationLike,
  type SnsPublishInput,
} from './sns.js';
export {
  extractSqsContext,
  injectSqsBatchAttributes,
  injectSqsMessageAttributes,
  type SqsMessageLike,
  type SqsSendMessageInput,
} from './sqs.js';
