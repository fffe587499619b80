namespace SignalRPub.Security;

/// <summary>Why <see cref="GatewayAdmission"/> refused a request: the error code of PROTOCOL.md §10 and its message.</summary>
internal sealed record AdmissionRefusal(string Code, string Message);
