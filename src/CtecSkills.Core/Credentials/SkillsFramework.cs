using CtecSkills.Core.Catalog;

namespace CtecSkills.Core.Credentials;

/// <summary>
/// The platform's digital-skills framework as credentials name it: signed documents are in Chinese whatever the
/// reader's language, so these names live here and not in the page resources.
/// </summary>
public static class SkillsFramework
{
    public const string Name = "川渝数字技能框架";

    public static string CategoryName(CourseCategory category) => category switch
    {
        CourseCategory.DeviceBasics => "设备与上网基础",
        CourseCategory.SafePayment => "安全支付与防诈骗",
        CourseCategory.GovServices => "数字政务服务",
        CourseCategory.JobSearch => "网上求职与平台就业",
        CourseCategory.ECommerce => "电商与直播",
        CourseCategory.OfficeTools => "办公与协作工具",
        CourseCategory.Entrepreneurship => "数字创业",
        _ => category.ToString(),
    };

    public static string LevelName(CourseLevel level) => level switch
    {
        CourseLevel.Beginner => "初级",
        CourseLevel.Intermediate => "中级",
        CourseLevel.Advanced => "高级",
        _ => level.ToString(),
    };

    public static FrameworkAlignment Category(CredentialUrls urls, CourseCategory category) =>
        new(urls.Framework("categories/" + category), CategoryName(category))
        {
            TargetCode = category.ToString(),
            TargetFramework = Name,
            TargetType = "ext:SkillArea",
        };

    public static FrameworkAlignment Level(CredentialUrls urls, CourseLevel level) =>
        new(urls.Framework("levels/" + level), LevelName(level))
        {
            TargetCode = level.ToString(),
            TargetFramework = Name,
            TargetType = "ext:SkillLevel",
        };
}
