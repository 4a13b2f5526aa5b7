using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Wix.Auth.Host.OpenApi;

/// <summary>
/// The token API describes itself: an OpenAPI document at <c>/openapi/v1.json</c> covering every <c>/api/v1</c> route
/// (the pages, webhooks and handshake are for browsers and Wix, not for the app's services), and in Development a
/// browsable reference at <c>/scalar</c>. The document holds no secret, so it is served in every environment.
/// </summary>
internal static class TokenApiDocument
{
    public const string DocumentName = "v1";
    public const string SecuritySchemeName = "Bearer";

    public static IServiceCollection AddTokenApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer(DescribeDocumentAsync);
            options.AddOperationTransformer(DescribeOperationAsync);
        });

    public static IEndpointRouteBuilder MapTokenApiDocument(this IEndpointRouteBuilder endpoints, IHostEnvironment environment)
    {
        endpoints.MapOpenApi();
        if (environment.IsDevelopment())
        {
            endpoints.MapScalarApiReference(options => options.WithTitle("Wix.Auth token API"));
        }

        return endpoints;
    }

    private static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Wix.Auth token API",
            Version = DocumentName,
            Description = "Access tokens for the sites the Wix app is installed on, and each installation's status. "
                + "Every route needs one of the server's API keys as a bearer token; errors are RFC 7807 problem JSON.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "One of the server's API keys (WixAuth:ApiKeys).",
        };
        return Task.CompletedTask;
    }

    private static Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, context.Document)] = [] });
        if (operation.Responses?.TryGetValue("503", out var unavailable) == true && unavailable is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before retrying.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }

        return Task.CompletedTask;
    }
}
