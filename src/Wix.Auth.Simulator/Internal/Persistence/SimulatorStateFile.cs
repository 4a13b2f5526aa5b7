using System.Text.Json;

namespace Wix.Auth.Simulator.Internal.Persistence;

/// <summary>
/// The state file: read once at start, replaced atomically (write a temporary file beside it, then rename over it), so a
/// crash mid-write leaves the previous state, never half a file. A file that cannot be read stops the start with a
/// clear error and is left as it is: nothing is silently thrown away.
/// </summary>
internal sealed class SimulatorStateFile(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public SimulatorState? Load(string appId)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        SimulatorState? state;
        try
        {
            state = JsonSerializer.Deserialize(File.ReadAllBytes(Path), SimulatorStateJsonContext.Default.SimulatorState);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The simulator state file {Path} is not valid JSON ({ex.Message}). Move it away (or run scripts/run.sh --reset) to start from scratch.", ex);
        }

        if (state is null || state.Version != SimulatorState.CurrentVersion)
        {
            throw new InvalidOperationException($"The simulator state file {Path} has version {state?.Version}, expected {SimulatorState.CurrentVersion}. Move it away (or run scripts/run.sh --reset) to start from scratch.");
        }

        if (!string.Equals(state.AppId, appId, StringComparison.Ordinal))
        {
            // Another app's sites would answer our app's tokens: refuse rather than mix them.
            throw new InvalidOperationException($"The simulator state file {Path} belongs to app {state.AppId}, not {appId}. Move it away (or run scripts/run.sh --reset) to start from scratch.");
        }

        return state;
    }

    /// <summary>Writes <paramref name="json"/> as the new state; the file is readable by its owner only (it holds refresh tokens).</summary>
    public void Save(byte[] json)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }
}
