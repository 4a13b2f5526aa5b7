namespace Wix.Auth.Simulator;

/// <summary>A call the simulated API gateway let through, and whose token it carried (so a test sees "called as the user").</summary>
/// <param name="Path">The API path, e.g. <c>/apps/v1/instance</c>.</param>
/// <param name="InstanceId">The instance the token was for.</param>
/// <param name="SubjectType"><c>APP</c>, <c>USER</c>, <c>MEMBER</c> or <c>VISITOR</c>.</param>
/// <param name="SubjectId">The user, member or visitor ID; the app ID for <c>APP</c>.</param>
public sealed record WixSimulatedApiCall(string Path, string InstanceId, string SubjectType, string SubjectId);
