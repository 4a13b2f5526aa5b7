// The ceiling for bench/load/token-api.sh: the same framework, the same kind of JSON answer (a token-sized constant),
// no authentication, no cache lookup. Whatever the token API loses against this is our own cost.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// As the host does (RequestLogging.FrameworkRequestCategory): while this category is enabled at all, the framework opens
// a log scope and starts an Activity per request; a ceiling that pays what the host no longer pays is not a ceiling.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
var app = builder.Build();
const string Body = """{"access_token":"OauthNG.JWS.ceilingceilingceilingceilingceilingceilingceilingceilingceilingceiling","token_type":"Bearer","expires_at":"2030-01-01T00:00:00+00:00","instance_id":"00000000-0000-0000-0000-000000000000","strategy":"refresh_token"}""";
// Encoded once and written with Content-Length, as the host writes a cached token's answer (TokenAnswer).
var body = System.Text.Encoding.UTF8.GetBytes(Body);
app.MapPost("/api/v1/instances/{instanceId}/token", () => Results.Bytes(body, "application/json; charset=utf-8"));

// Also the OTLP/HTTP sink of the "telemetry on" host: accepts and drops what it exports (traces, metrics, logs), so the
// host pays for the whole export path without a collector on the machine. Idle while the ceiling itself is measured.
app.MapPost("/v1/{signal}", () => Results.Bytes([], "application/x-protobuf"));
await app.RunAsync();
