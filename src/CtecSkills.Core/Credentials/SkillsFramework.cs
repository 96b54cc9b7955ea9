using System.Globalization;
using System.Text.Json.Nodes;
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

    public const string CategoryTargetType = "ext:SkillArea";
    public const string LevelTargetType = "ext:SkillLevel";

    /// <summary>
    /// The category and level a credential states for its achievement (<c>credentialSubject.achievement.alignment</c>,
    /// as <see cref="Category"/> and <see cref="Level"/> wrote them); false when it does not state both.
    /// </summary>
    public static bool TryReadKind(JsonObject credential, out CourseCategory category, out CourseLevel level)
    {
        ArgumentNullException.ThrowIfNull(credential);
        category = default;
        level = default;
        var alignments = credential["credentialSubject"]?["achievement"]?["alignment"] as JsonArray ?? [];
        var found = 0;
        foreach (var alignment in alignments.OfType<JsonObject>())
        {
            var type = alignment["targetType"] is JsonValue t && t.TryGetValue<string>(out var ts) ? ts : null;
            var code = alignment["targetCode"] is JsonValue c && c.TryGetValue<string>(out var cs) ? cs : null;
            if (code is null || int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }
            if (type == CategoryTargetType && Enum.TryParse(code, out CourseCategory readCategory) && Enum.IsDefined(readCategory))
            {
                category = readCategory;
                found |= 1;
            }
            else if (type == LevelTargetType && Enum.TryParse(code, out CourseLevel readLevel) && Enum.IsDefined(readLevel))
            {
                level = readLevel;
                found |= 2;
            }
        }
        return found == 3;
    }

    public static FrameworkAlignment Category(CredentialUrls urls, CourseCategory category) =>
        new(urls.Framework("categories/" + category), CategoryName(category))
        {
            TargetCode = category.ToString(),
            TargetFramework = Name,
            TargetType = CategoryTargetType,
        };

    public static FrameworkAlignment Level(CredentialUrls urls, CourseLevel level) =>
        new(urls.Framework("levels/" + level), LevelName(level))
        {
            TargetCode = level.ToString(),
            TargetFramework = Name,
            TargetType = LevelTargetType,
        };
}
