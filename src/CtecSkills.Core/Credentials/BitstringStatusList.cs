using System.Buffers.Text;
using System.IO.Compression;
using System.Security.Cryptography;

namespace CtecSkills.Core.Credentials;

public enum StatusListDecodeError
{
    /// <summary>Empty, or not starting with the multibase prefix <c>u</c> (base64url without padding).</summary>
    MissingMultibasePrefix,
    InvalidBase64Url,
    NotGzip,

    /// <summary>Fewer than 131,072 bits once decompressed (spec: STATUS_LIST_LENGTH_ERROR).</summary>
    TooShort,

    /// <summary>Decompresses beyond the size we accept: a GZIP bomb or not a status list.</summary>
    TooLarge,
}

public sealed class StatusListFormatException(StatusListDecodeError error, string message, Exception? inner = null)
    : FormatException(message, inner)
{
    public StatusListDecodeError Error { get; } = error;
}

/// <summary>
/// A W3C Bitstring Status List v1.0 (https://www.w3.org/TR/vc-bitstring-status-list/) with one bit per credential.
/// </summary>
/// <remarks>
/// Follows §2.2 (<c>encodedList</c>): at least 16 KB uncompressed (131,072 entries), index 0 is the left-most
/// (most significant) bit of the first byte, GZIP then multibase base64url without padding (prefix <c>u</c>).
/// </remarks>
public sealed class BitstringStatusList
{
    public const int MinimumLength = 131_072;

    // A legitimate list is 16 KB to a few MB; refuse to inflate untrusted input beyond this.
    private const int MaximumBytes = 16 * 1024 * 1024;

    private readonly byte[] _bits;

    public BitstringStatusList(int length = MinimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinimumLength);
        if (length % 8 != 0)
        {
            throw new ArgumentException("The length must be a whole number of bytes.", nameof(length));
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length / 8, MaximumBytes, nameof(length));
        _bits = new byte[length / 8];
    }

    private BitstringStatusList(byte[] bits) => _bits = bits;

    /// <summary>Number of entries (bits).</summary>
    public int Length => _bits.Length * 8;

    public bool this[int index]
    {
        get => Get(index);
        set => Set(index, value);
    }

    public bool Get(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        return (_bits[index >> 3] & (0x80 >> (index & 7))) != 0;
    }

    public void Set(int index, bool value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        var mask = (byte)(0x80 >> (index & 7));
        if (value)
        {
            _bits[index >> 3] |= mask;
        }
        else
        {
            _bits[index >> 3] &= (byte)~mask;
        }
    }

    /// <summary>The raw bitstring, most significant bit of byte 0 first.</summary>
    public ReadOnlySpan<byte> AsBytes() => _bits;

    /// <summary>The <c>encodedList</c> value: GZIP, then base64url without padding, prefixed with <c>u</c>.</summary>
    public string Encode()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(_bits);
        }
        return "u" + Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <exception cref="StatusListFormatException">The value is not a valid <c>encodedList</c>; see its Error.</exception>
    public static BitstringStatusList Decode(string encodedList)
    {
        if (string.IsNullOrEmpty(encodedList) || encodedList[0] != 'u')
        {
            throw new StatusListFormatException(
                StatusListDecodeError.MissingMultibasePrefix,
                "The encoded list must start with the multibase prefix 'u' (base64url without padding).");
        }

        var text = encodedList.AsSpan(1);
        byte[] compressed;
        try
        {
            if (text.IsEmpty || text.Contains('='))
            {
                throw new FormatException("Empty, or padded.");
            }
            compressed = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException e)
        {
            throw new StatusListFormatException(
                StatusListDecodeError.InvalidBase64Url, "The encoded list is not base64url without padding.", e);
        }

        if (compressed.Length < 18 || compressed[0] != 0x1f || compressed[1] != 0x8b)
        {
            throw new StatusListFormatException(StatusListDecodeError.NotGzip, "The encoded list is not GZIP data.");
        }

        byte[] bits;
        try
        {
            bits = Inflate(compressed);
        }
        catch (InvalidDataException e)
        {
            throw new StatusListFormatException(StatusListDecodeError.NotGzip, "The GZIP data is corrupt.", e);
        }

        if (bits.Length * 8L < MinimumLength)
        {
            throw new StatusListFormatException(
                StatusListDecodeError.TooShort,
                $"The status list has {bits.Length * 8} entries; at least {MinimumLength} are required.");
        }
        return new BitstringStatusList(bits);
    }

    /// <summary>
    /// Picks an unused index uniformly at random, so that an index says nothing about when a credential was issued
    /// (the spec: "implementations SHOULD assign indexes randomly").
    /// </summary>
    /// <exception cref="InvalidOperationException">Every index is in use: start a new list.</exception>
    public static int AllocateRandomIndex(IReadOnlySet<int> used, RandomNumberGenerator random, int length = MinimumLength)
    {
        ArgumentNullException.ThrowIfNull(used);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);

        var usedInRange = used.Count(i => i >= 0 && i < length);
        if (usedInRange >= length)
        {
            throw new InvalidOperationException("The status list is full.");
        }

        // Rejection sampling is quick while the list has room; a nearly full list falls back to choosing among the
        // free indexes, which keeps the choice uniform either way.
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var candidate = NextInt(random, length);
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }
        var free = Enumerable.Range(0, length).Where(i => !used.Contains(i)).ToArray();
        return free[NextInt(random, free.Length)];
    }

    private static int NextInt(RandomNumberGenerator random, int exclusiveMax)
    {
        // Uniform in [0, exclusiveMax): discard draws from the incomplete top range.
        var limit = uint.MaxValue - (uint.MaxValue % (uint)exclusiveMax);
        Span<byte> bytes = stackalloc byte[4];
        while (true)
        {
            random.GetBytes(bytes);
            var draw = BitConverter.ToUInt32(bytes);
            if (draw < limit)
            {
                return (int)(draw % (uint)exclusiveMax);
            }
        }
    }

    private static byte[] Inflate(byte[] compressed)
    {
        using var input = new MemoryStream(compressed);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + read > MaximumBytes)
            {
                throw new StatusListFormatException(
                    StatusListDecodeError.TooLarge, $"The status list is larger than {MaximumBytes} bytes.");
            }
            output.Write(buffer, 0, read);
        }
        return output.ToArray();
    }
}
