using System.Buffers.Text;
using System.IO.Compression;
using System.Security.Cryptography;
using CtecSkills.Core.Credentials;

namespace CtecSkills.UnitTests.Credentials;

public sealed class BitstringStatusListTests
{
    // The all-zero list in the example BitstringStatusListCredential of W3C Bitstring Status List v1.0, §2.2
    // (https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential).
    private const string SpecExampleEncodedList = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";

    [Fact]
    public void Decode_SpecExample_Is16KilobytesAllClear()
    {
        var list = BitstringStatusList.Decode(SpecExampleEncodedList);

        Assert.Equal(BitstringStatusList.MinimumLength, list.Length);
        Assert.Equal(16 * 1024, list.AsBytes().Length);
        Assert.All(list.AsBytes().ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void NewList_HasTheSpecMinimumOf131072Entries()
    {
        var list = new BitstringStatusList();

        Assert.Equal(131_072, list.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BitstringStatusList(131_064));
        Assert.Throws<ArgumentException>(() => new BitstringStatusList(131_073));
    }

    [Fact]
    public void Set_IndexZero_IsTheLeftMostBitOfTheFirstByte()
    {
        var list = new BitstringStatusList();

        list.Set(0, true);
        list.Set(9, true);
        list.Set(list.Length - 1, true);

        var bytes = list.AsBytes();
        Assert.Equal(0b1000_0000, bytes[0]);
        Assert.Equal(0b0100_0000, bytes[1]);
        Assert.Equal(0b0000_0001, bytes[^1]);
    }

    [Fact]
    public void Encode_ThenDecode_KeepsEveryBit()
    {
        var list = new BitstringStatusList(BitstringStatusList.MinimumLength * 2);
        int[] revoked = [0, 1, 7, 8, 4_095, 94_567, 131_071, 131_072, list.Length - 1];
        foreach (var index in revoked)
        {
            list[index] = true;
        }
        list[1] = false;

        var encoded = list.Encode();
        var decoded = BitstringStatusList.Decode(encoded);

        Assert.StartsWith("u", encoded, StringComparison.Ordinal);
        Assert.DoesNotContain("=", encoded, StringComparison.Ordinal);
        Assert.DoesNotContain("+", encoded, StringComparison.Ordinal);
        Assert.DoesNotContain("/", encoded, StringComparison.Ordinal);
        Assert.Equal(list.Length, decoded.Length);
        Assert.True(list.AsBytes().SequenceEqual(decoded.AsBytes()));
        Assert.False(decoded[1]);
        Assert.True(decoded[94_567]);
    }

    [Fact]
    public void Encode_IsGzipThenBase64UrlThatAnyGzipReaderOpens()
    {
        var list = new BitstringStatusList();
        list[3] = true;

        var compressed = Base64Url.DecodeFromChars(list.Encode().AsSpan(1));
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gzip.CopyTo(raw);

        Assert.Equal(16 * 1024, raw.Length);
        Assert.Equal(0b0001_0000, raw.ToArray()[0]);
    }

    [Theory]
    [InlineData("", StatusListDecodeError.MissingMultibasePrefix)]
    [InlineData("zH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", StatusListDecodeError.MissingMultibasePrefix)]
    [InlineData("H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", StatusListDecodeError.MissingMultibasePrefix)]
    [InlineData("u", StatusListDecodeError.InvalidBase64Url)]
    [InlineData("uH4sI!!!", StatusListDecodeError.InvalidBase64Url)]
    [InlineData("uH4sIAAAAAAAAA+3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", StatusListDecodeError.InvalidBase64Url)]
    [InlineData("uaGVsbG8gd29ybGQ", StatusListDecodeError.NotGzip)]
    public void Decode_BadInput_SaysWhatIsWrong(string encoded, StatusListDecodeError expected)
    {
        var e = Assert.Throws<StatusListFormatException>(() => BitstringStatusList.Decode(encoded));

        Assert.Equal(expected, e.Error);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void Decode_GzipHeaderButCorruptBody_IsNotGzip()
    {
        var compressed = Base64Url.DecodeFromChars(SpecExampleEncodedList.AsSpan(1));
        compressed[12] ^= 0xff;

        var e = Assert.Throws<StatusListFormatException>(
            () => BitstringStatusList.Decode("u" + Base64Url.EncodeToString(compressed)));

        Assert.Equal(StatusListDecodeError.NotGzip, e.Error);
    }

    [Fact]
    public void Decode_ListShorterThan16Kilobytes_IsTooShort()
    {
        var e = Assert.Throws<StatusListFormatException>(
            () => BitstringStatusList.Decode("u" + Base64Url.EncodeToString(Gzip(new byte[16 * 1024 - 1]))));

        Assert.Equal(StatusListDecodeError.TooShort, e.Error);
    }

    [Fact]
    public void Decode_GzipBomb_IsRefused()
    {
        var e = Assert.Throws<StatusListFormatException>(
            () => BitstringStatusList.Decode("u" + Base64Url.EncodeToString(Gzip(new byte[17 * 1024 * 1024]))));

        Assert.Equal(StatusListDecodeError.TooLarge, e.Error);
    }

    [Fact]
    public void AllocateRandomIndex_NeverReturnsAUsedIndexAndSpreadsOut()
    {
        var used = new HashSet<int>();
        using var random = RandomNumberGenerator.Create();

        for (var i = 0; i < 2_000; i++)
        {
            var index = BitstringStatusList.AllocateRandomIndex(used, random);
            Assert.InRange(index, 0, BitstringStatusList.MinimumLength - 1);
            Assert.True(used.Add(index));
        }
        // Sequential allocation would keep everything below 2,000.
        Assert.True(used.Count(i => i >= BitstringStatusList.MinimumLength / 2) > 500);
    }

    [Fact]
    public void AllocateRandomIndex_NearlyFullList_FindsTheLastFreeIndex()
    {
        var used = Enumerable.Range(0, 1_000).Where(i => i != 637).ToHashSet();
        using var random = RandomNumberGenerator.Create();

        Assert.Equal(637, BitstringStatusList.AllocateRandomIndex(used, random, length: 1_000));
    }

    [Fact]
    public void AllocateRandomIndex_FullList_Throws()
    {
        var used = Enumerable.Range(0, 1_000).ToHashSet();
        using var random = RandomNumberGenerator.Create();

        Assert.Throws<InvalidOperationException>(() => BitstringStatusList.AllocateRandomIndex(used, random, length: 1_000));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return buffer.ToArray();
    }
}
