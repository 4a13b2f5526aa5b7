using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>The token API describes itself at /openapi/v1.json, and says what the README's contract says.</summary>
public sealed partial class OpenApiDocumentTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task The_document_names_exactly_the_api_routes_of_the_README_contract()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        var contract = ContractRoute().Matches(readme).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToHashSet();
        var document = await GetDocumentAsync();

        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(op => op.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();

        Assert.NotEmpty(contract);
        Assert.Equal(contract.Order(StringComparer.Ordinal), described.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_route_needs_the_bearer_scheme_and_declares_its_problem_answers_and_schemas()
    {
        var document = await GetDocumentAsync();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(op => op.Name is "get" or "post"))
            {
                var where = $"{operation.Name} {path.Name}";
                Assert.True(operation.Value.GetProperty("security")[0].TryGetProperty("Bearer", out _), where);
                var responses = operation.Value.GetProperty("responses");
                var problems = path.Name.StartsWith("/api/v1/instances/", StringComparison.Ordinal) ? new[] { "401", "404", "503" } : ["401", "503"];
                foreach (var status in problems)
                {
                    Assert.True(responses.TryGetProperty(status, out var problem), $"{where} {status}");
                    Assert.True(problem.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{where} {status}");
                }

                Assert.True(responses.GetProperty("503").GetProperty("headers").TryGetProperty("Retry-After", out _), where);
                Assert.True(responses.GetProperty("200").GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _), where);
            }
        }

        var introspect = document.GetProperty("paths").GetProperty("/api/v1/tokens/introspect").GetProperty("post");
        Assert.True(introspect.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _));

        var token = document.GetProperty("paths").GetProperty("/api/v1/instances/{instanceId}/token").GetProperty("post").GetProperty("responses");
        Assert.True(token.TryGetProperty("502", out _));
        var tokenSchema = document.GetProperty("components").GetProperty("schemas").GetProperty("TokenResponse").GetProperty("properties");
        foreach (var field in new[] { "access_token", "token_type", "expires_at", "instance_id", "strategy" })
        {
            Assert.True(tokenSchema.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task The_document_needs_no_key_and_holds_no_secret()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(fixture.ApiKey, body, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Simulator.Control.AppSecret, body, StringComparison.Ordinal);
    }

    // "- `POST /api/v1/instances/{instanceId}/token` — ..." in the README's Public contract.
    [GeneratedRegex(@"^- `(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^` ]*)`", RegexOptions.Multiline)]
    private static partial Regex ContractRoute();

    private async Task<JsonElement> GetDocumentAsync()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
