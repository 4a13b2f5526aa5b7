namespace Wix.Auth.Samples.Worker;

/// <summary>What the worker reports on (section <c>Report</c>).</summary>
public sealed class InstanceReportOptions
{
    public const string SectionName = "Report";

    /// <summary>The app instances to report on.</summary>
    public List<string> InstanceIds { get; } = [];

    /// <summary>Time between rounds; the worker stops after one round when <see cref="Once"/> is set.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>One round, then the process exits (exit code 1 when an instance failed).</summary>
    public bool Once { get; set; }
}
