using Wix.Auth;
using Wix.Auth.AspNetCore;

// The README's "Embedding the library" example, compiled. Configuration as any ASP.NET Core app: section "Wix"
// (AppId, AppSecret, PublicKey; ApiBaseUrl and InstallerBaseUrl point at the simulator in tests), the connection
// string "WixAuth", the key-encryption certificate (WixAuth:DataProtection:CertificatePath / CertificatePassword)
// and App:PublicBaseUrl, the address Wix redirects the site owner back to.
var builder = WebApplication.CreateBuilder(args);
var publicBaseUrl = new Uri(builder.Configuration["App:PublicBaseUrl"] ?? "https://auth.example.com");

builder.Services.AddWixAuth(builder.Configuration)          // section "Wix": AppId, AppSecret, PublicKey, ...
    .AddClientCredentials()                                  // basic OAuth; alone, this is all a basic app needs
    .AddPostgresStore(o => o.ConnectionString = builder.Configuration.GetConnectionString("WixAuth")!)
    .AddAdvancedOAuth(o =>                                   // refresh tokens + fallback
    {
        o.PublicBaseUrl = publicBaseUrl;
        o.RequireHttpsCookies = publicBaseUrl.Scheme == Uri.UriSchemeHttps; // plain http only for loopback tests
    });

// Any HttpClient that calls Wix APIs gets "Authorization: <token>" and one retry after a 401.
builder.Services.AddHttpClient("wix", c => c.BaseAddress = new Uri(builder.Configuration["Wix:ApiBaseUrl"] ?? "https://www.wixapis.com"))
    .AddWixAccessTokenHandler();

// On behalf of a Wix user: the dashboard page's token, verified with Token Info.
builder.Services.AddAuthentication().AddWixAccessToken();
builder.Services.AddAuthorization(o => o.AddPolicy("wix-user", p => p.RequireWixSubjectType(WixSubjectType.User)));

var app = builder.Build();
app.MapWixOAuth();                                           // GET /oauth/install (App URL), GET /oauth/callback

app.MapGet("/instances/{instanceId}", async (string instanceId, IHttpClientFactory http, CancellationToken ct) =>
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/apps/v1/instance").SetWixInstanceId(instanceId);
    using var response = await http.CreateClient("wix").SendAsync(request, ct);
    return Results.Text(await response.Content.ReadAsStringAsync(ct), "application/json", statusCode: (int)response.StatusCode);
});

app.MapGet("/api/settings", (HttpContext c) => c.GetWixIdentity()!.InstanceId).RequireAuthorization("wix-user");
app.MapPost("/api/sync", async (HttpContext c, IWixTokenElevator elevator, CancellationToken ct) =>
    (await elevator.ElevateAsync(c.GetWixIdentity()!, ct)).InstanceId).RequireAuthorization("wix-user"); // app token

app.Run();

/// <summary>The entry point, public so that the app's own tests can start it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
