export { SignalRPubClient, type StateHandler } from "./SignalRPubClient.js";
export type { PushHandler } from "./PushHandlers.js";
export { SignalRPubError } from "./SignalRPubError.js";
export type { Push, RequestFrame, ResponseFrame, SignalRPubResponse } from "./frames.js";
export {
  defaultRoutes,
  type SignalRPubClientOptions,
  type SignalRPubProtocol,
  type SignalRPubReconnectOptions,
  type SignalRPubRoutes,
  type SignalRPubState,
  type SignalRPubTransport,
} from "./SignalRPubClientOptions.js";
