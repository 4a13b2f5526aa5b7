using System.Net;
using Wix.Auth.Host.Tests.Framework;

namespace Wix.Auth.Host.Tests;

/// <summary>
/// The operator view opens without a key only by the explicit <c>WixAuth:Operator:AllowAnonymous</c>, which is logged
/// at start; <c>ASPNETCORE_ENVIRONMENT=Development</c> alone opens nothing (issue #10).
/// </summary>
public sealed class OperatorAccessTests
{
    /// <summary>Development, without the opt-in.</summary>
    public sealed class InDevelopment(DevelopmentFixture fixture) : IClassFixture<DevelopmentFixture>
    {
        [Fact]
        public async Task Development_alone_does_not_open_the_operator_view()
        {
            using var client = fixture.CreateClient();

            using var response = await client.GetAsync(new Uri("/operator/installations", UriKind.Relative));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(fixture.Logs.Lines, l => l.Contains("[5012]", StringComparison.Ordinal));
            Assert.DoesNotContain(fixture.Logs.Lines, l => l.Contains("[5013]", StringComparison.Ordinal));
        }
    }

    /// <summary>With the opt-in.</summary>
    public sealed class WithOptIn(OptInFixture fixture) : IClassFixture<OptInFixture>
    {
        [Fact]
        public async Task The_explicit_opt_in_opens_the_operator_view_and_is_warned_about_at_start()
        {
            using var client = fixture.CreateClient();

            using var response = await client.GetAsync(new Uri("/operator/installations", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(fixture.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("[5013]", StringComparison.Ordinal));
        }
    }

    public sealed class DevelopmentFixture : ServerFixture
    {
        protected override string[] Arguments => ["--environment", "Development"];
    }

    public sealed class OptInFixture : ServerFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("WixAuth:Operator:AllowAnonymous", "true")];
    }
}
