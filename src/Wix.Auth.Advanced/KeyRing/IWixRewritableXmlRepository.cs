using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Wix.Auth.Advanced;

/// <summary>
/// A Data Protection key repository that can replace a stored key in place, which <c>rotate-key-certificate</c> needs
/// to re-encrypt a key under a new certificate. The key's ID and secret do not change, only how the secret is
/// encrypted at rest, so every payload protected with it stays readable.
/// </summary>
public interface IWixRewritableXmlRepository : IXmlRepository
{
    /// <summary>
    /// Replaces <paramref name="current"/> (as <see cref="IXmlRepository.GetAllElements"/> returned it) by
    /// <paramref name="replacement"/>, only if it is still stored unchanged; false when another writer changed it first.
    /// </summary>
    Task<bool> ReplaceElementAsync(XElement current, XElement replacement, CancellationToken cancellationToken);
}
