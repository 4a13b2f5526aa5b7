using Wix.Auth.Host.Composition;

// The whole program is composed in Composition/: a command (migrate, reencrypt-refresh-tokens) or the server.
return await WixAuthServer.RunAsync(args);
