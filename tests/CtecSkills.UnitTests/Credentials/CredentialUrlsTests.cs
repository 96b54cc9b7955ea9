using CtecSkills.Core.Credentials;

namespace CtecSkills.UnitTests.Credentials;

public sealed class CredentialUrlsTests
{
    private readonly CredentialUrls _urls = new(new Uri("https://skills.example.cn/"));

    [Theory]
    [InlineData(1, StatusPurpose.Revocation, 1)]
    [InlineData(12, StatusPurpose.Suspension, 3)]
    [InlineData(int.MaxValue, StatusPurpose.Revocation, 2147483647)]
    public void TryParseStatusList_WhatStatusListBuilt_GivesBackTheSameList(int baseId, StatusPurpose purpose, int sequence)
    {
        var url = _urls.StatusList(baseId, purpose, sequence);

        Assert.True(_urls.TryParseStatusList(url.AbsoluteUri, out var address));
        Assert.Equal(new StatusListAddress(baseId, purpose, sequence), address);
        Assert.Equal(url, _urls.StatusList(address));
    }

    [Fact]
    public void StatusList_Shape_IsTheOneSignedCredentialsName()
    {
        Assert.Equal("https://skills.example.cn/status-lists/12/suspension/3", _urls.StatusList(12, StatusPurpose.Suspension, 3).AbsoluteUri);
        Assert.Equal("https://skills.example.cn/issuers/12", _urls.Issuer(12).AbsoluteUri);
        Assert.Equal("https://skills.example.cn/achievements/7", _urls.Achievement(7).AbsoluteUri);
        Assert.Equal("https://skills.example.cn/.well-known/jwks.json", _urls.Jwks.AbsoluteUri);
        Assert.Equal("https://skills.example.cn/verify/7K3M9QXD2TH", _urls.Verify("7K3M9QXD2TH").AbsoluteUri);
        Assert.Equal("https://skills.example.cn/me/credentials", _urls.Wallet.AbsoluteUri);
        Assert.Equal("https://skills.example.cn/issuers/12#key-0a1b", _urls.IssuerKeyId(12, "0a1b"));
    }

    [Theory]
    [InlineData("https://other.example.cn/status-lists/12/revocation/1")]
    [InlineData("http://skills.example.cn/status-lists/12/revocation/1")]
    [InlineData("https://skills.example.cn/status-lists/12/revocation")]
    [InlineData("https://skills.example.cn/status-lists/12/revocation/1/2")]
    [InlineData("https://skills.example.cn/status-lists/12/refund/1")]
    [InlineData("https://skills.example.cn/status-lists/-12/revocation/1")]
    [InlineData("https://skills.example.cn/status-lists/012/revocation/1")]
    [InlineData("https://skills.example.cn/status-lists/12/revocation/+1")]
    [InlineData("https://skills.example.cn/status-lists/12/revocation/99999999999")]
    [InlineData("https://skills.example.cn/issuers/12")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParseStatusList_AnythingStatusListWouldNotBuild_IsRefused(string? url)
    {
        Assert.False(_urls.TryParseStatusList(url, out _));
    }

    [Fact]
    public void TryParseIssuer_IssuerOrKeyId_GivesBackTheBase()
    {
        Assert.True(_urls.TryParseIssuer(_urls.Issuer(12).AbsoluteUri, out var fromProfile));
        Assert.True(_urls.TryParseIssuer(_urls.IssuerKeyId(12, "0a1b"), out var fromKey));

        Assert.Equal(12, fromProfile);
        Assert.Equal(12, fromKey);
        Assert.False(_urls.TryParseIssuer(_urls.Achievement(12).AbsoluteUri, out _));
        Assert.False(_urls.TryParseIssuer("https://skills.example.cn/issuers/12/x", out _));
    }

    [Fact]
    public void TryParseAchievement_WhatAchievementBuilt_GivesBackTheId()
    {
        Assert.True(_urls.TryParseAchievement(_urls.Achievement(7).AbsoluteUri, out var id));
        Assert.Equal(7, id);
        Assert.False(_urls.TryParseAchievement(_urls.Issuer(7).AbsoluteUri, out _));
    }

    [Fact]
    public void Base_WithOrWithoutTrailingSlash_BuildsTheSameAddresses()
    {
        var withoutSlash = new CredentialUrls(new Uri("https://skills.example.cn"));

        Assert.Equal(_urls.StatusList(1, StatusPurpose.Revocation, 1), withoutSlash.StatusList(1, StatusPurpose.Revocation, 1));
        Assert.True(withoutSlash.TryParseStatusList(_urls.StatusList(1, StatusPurpose.Revocation, 1).AbsoluteUri, out _));
    }

    [Theory]
    [InlineData("https://skills.example.cn/", "did:web:skills.example.cn:issuers:12")]
    [InlineData("https://skills.example.cn:8443/", "did:web:skills.example.cn%3A8443:issuers:12")]
    [InlineData("https://example.cn/ctec/skills/", "did:web:example.cn:ctec:skills:issuers:12")]
    [InlineData("http://localhost:5080", "did:web:localhost%3A5080:issuers:12")]
    public void IssuerDid_FromThePublicAddress_IsTheDidWebThatResolvesToTheIssuersDidJson(string publicBase, string expected)
    {
        var urls = new CredentialUrls(new Uri(publicBase));

        Assert.Equal(expected, urls.IssuerDid(12));
        Assert.Equal(expected + "#z6MkExample", urls.VerificationMethod(12, "z6MkExample"));
        Assert.True(urls.TryParseIssuerDid(expected + "#z6MkExample", out var baseId));
        Assert.Equal(12, baseId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("did:web:other.example.cn:issuers:12")]
    [InlineData("did:web:skills.example.cn:issuers:012")]
    [InlineData("did:web:skills.example.cn:issuers:12:more")]
    [InlineData("did:web:skills.example.cn:achievements:12")]
    [InlineData("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")]
    [InlineData("https://skills.example.cn/issuers/12")]
    public void TryParseIssuerDid_AnythingElse_IsRefused(string? did)
    {
        Assert.False(_urls.TryParseIssuerDid(did, out _));
    }
}
