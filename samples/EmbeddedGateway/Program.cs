using SignalRPub.Samples.EmbeddedGateway;

EmbeddedGatewayApp.Create(args).Run();
