using Microsoft.Extensions.Options;
using Wix.Auth;
using Wix.Auth.Samples.Worker;

// Basic OAuth only: the app ID and secret (section "Wix") are all it needs; no database, no handshake.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddWixAuth(builder.Configuration).AddClientCredentials();
builder.Services.AddHttpClient("wix", (services, client) =>
        client.BaseAddress = services.GetRequiredService<IOptions<WixAuthOptions>>().Value.ApiBaseUrl)
    .AddWixAccessTokenHandler();
builder.Services.Configure<InstanceReportOptions>(builder.Configuration.GetSection(InstanceReportOptions.SectionName));
builder.Services.AddHostedService<InstanceReportWorker>();

await builder.Build().RunAsync();
