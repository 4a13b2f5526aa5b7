namespace Wix.Auth.Advanced;

/// <summary>Running totals reported after each batch of a re-encryption run.</summary>
/// <param name="Batches">Batches committed so far.</param>
/// <param name="Totals">Counts so far.</param>
/// <param name="LastInstanceId">The last instance ID of the committed batch (the keyset position).</param>
public sealed record ReencryptionProgress(int Batches, ReencryptionResult Totals, string LastInstanceId);
