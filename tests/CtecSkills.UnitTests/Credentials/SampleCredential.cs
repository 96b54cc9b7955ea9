using CtecSkills.Core.Credentials;

namespace CtecSkills.UnitTests.Credentials;

internal static class SampleCredential
{
    public static readonly DateTimeOffset ValidFrom = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    public static readonly Uri StatusList = new("https://skills.example.cn/credentials/status/1");

    public static OpenBadgeCredentialInput Input(
        DateTimeOffset? validUntil = null, IReadOnlyList<CredentialStatusEntry>? status = null) => new(
        Id: new Uri("https://skills.example.cn/credentials/2f1c9a7e-5b1d-4c3e-9a0f-6e2b8d4c1a35"),
        Issuer: new IssuerProfile(new Uri("https://skills.example.cn/issuers/12"), "成都市新津区职业技能培训基地")
        {
            Url = new Uri("https://skills.example.cn/bases/12"),
        },
        Achievement: new AchievementDefinition(
            Id: new Uri("https://skills.example.cn/achievements/34"),
            Name: "农村电商直播运营（初级）",
            Description: "能够独立完成农产品直播带货的准备、开播与复盘。",
            CriteriaNarrative: "完成 24 学时课程，出勤不低于 80%，并通过结业测验。",
            AchievementType: "Certificate",
            Category: new FrameworkAlignment(new Uri("https://skills.example.cn/framework/categories/ecommerce"), "电子商务")
            {
                TargetCode = "DS-EC",
                TargetFramework = "川渝数字技能框架",
                TargetType = "ext:SkillCategory",
            },
            Level: new FrameworkAlignment(new Uri("https://skills.example.cn/framework/levels/1"), "初级")
            {
                TargetCode = "L1",
                TargetFramework = "川渝数字技能框架",
                TargetType = "ext:SkillLevel",
            }),
        Recipient: new CredentialRecipient(new Uri("urn:uuid:8d0f3b1e-7c2a-4e59-b1d4-3a6f9e2c5b70")),
        ValidFrom: ValidFrom,
        ValidUntil: validUntil,
        Status: status ??
        [
            new CredentialStatusEntry(StatusPurpose.Revocation, StatusList, 94_567),
            new CredentialStatusEntry(StatusPurpose.Suspension, new Uri("https://skills.example.cn/credentials/status/2"), 94_567),
        ]);
}
