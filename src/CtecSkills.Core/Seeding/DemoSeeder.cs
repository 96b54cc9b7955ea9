using CtecSkills.Core.Accounts;
using CtecSkills.Core.Data;
using CtecSkills.Core.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CtecSkills.Core.Seeding;

/// <summary>
/// Demo bases, people and accounts for trying the platform. Refused in Production by the caller; idempotent, so it
/// runs on every Development start.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, AccountService accounts, UserManager<AppUser> users, TimeProvider clock)
{
    public const string Password = "Ctec-demo-2026";
    public const string AdminEmail = "admin@ctecskills.demo";
    public const string AnalystEmail = "analyst@ctecskills.demo";
    public const string VerifierEmail = "hr.yongchuan@ctecskills.demo";

    public static readonly IReadOnlyList<DemoBase> Bases =
    [
        new("成都天府数字技能实训基地", TrainingBaseKind.JointBase, "510100", "成都市高新区天府大道中段1366号", "李晓燕", "028-85001234", "staff.chengdu@ctecskills.demo"),
        new("绵阳科技城职业技术学院数字素养培训中心", TrainingBaseKind.VocationalSchool, "510700", "绵阳市涪城区科教创业园区", "王建华", "0816-2501234", "staff.mianyang@ctecskills.demo"),
        new("南充乡村电商实训基地", TrainingBaseKind.Enterprise, "511300", "南充市顺庆区电商产业园3栋", "张丽", "0817-2201234", "staff.nanchong@ctecskills.demo"),
        new("广安农村妇女数字技能培训点", TrainingBaseKind.VocationalSchool, "511600", "广安市广安区职教中心2号楼", "陈秀英", "0826-2301234", "staff.guangan@ctecskills.demo"),
        new("重庆两江数字技能实训基地", TrainingBaseKind.JointBase, "500112", "重庆市渝北区金开大道西段106号", "刘洋", "023-67001234", "staff.yubei@ctecskills.demo"),
        new("万州返乡创业数字实训基地", TrainingBaseKind.JointBase, "500101", "重庆市万州区高笋塘路18号", "杨帆", "023-58101234", "staff.wanzhou@ctecskills.demo"),
        new("潼南乡村数字技能培训点", TrainingBaseKind.VocationalSchool, "500152", "重庆市潼南区桂林街道兴潼大道55号", "黄志强", "023-44551234", "staff.tongnan@ctecskills.demo"),
    ];

    public static readonly IReadOnlyList<string> LearnerNames =
    [
        "张伟", "王芳", "李娜", "刘强", "陈静", "杨秀英", "赵磊", "黄敏", "周杰", "吴丽",
        "徐明", "孙燕", "马超", "朱红梅", "胡建国", "郭晓东", "何玉兰", "高峰", "林小红", "罗志刚",
        "梁春花", "宋涛", "郑桂芳", "谢文斌", "韩雪", "唐德华", "冯丽萍", "邓小平", "曹金凤", "彭海波",
    ];

    /// <summary>Demo learner phone numbers: 139 0000 0001 … 139 0000 0030.</summary>
    public static string LearnerPhone(int index) => $"139000000{index + 1:D2}";

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await users.FindByEmailAsync(AdminEmail) is not null)
        {
            return;
        }

        await CreateAsync(AdminEmail, "平台管理员", Roles.Admin, ct);
        await CreateAsync(AnalystEmail, "联席办分析员", Roles.Analyst, ct);

        var now = clock.GetUtcNow();
        foreach (var demo in Bases)
        {
            var trainingBase = new TrainingBase
            {
                Name = demo.Name,
                Kind = demo.Kind,
                LocalityCode = demo.LocalityCode,
                Address = demo.Address,
                ContactName = demo.Contact,
                ContactPhone = demo.ContactPhone,
                ContactEmail = demo.StaffEmail,
                CreatedAt = now,
            };
            db.TrainingBases.Add(trainingBase);
            await db.SaveChangesAsync(ct);
            var staff = await CreateAsync(demo.StaffEmail, demo.Contact, Roles.Staff, ct);
            db.BaseMemberships.Add(new BaseMembership { TrainingBaseId = trainingBase.Id, UserId = staff.Id });
        }

        var bureau = new Organization
        {
            Name = "重庆市永川区人力资源和社会保障局",
            Kind = OrganizationKind.HrBureau,
            LocalityCode = "500118",
            ContactEmail = VerifierEmail,
            CreatedAt = now,
        };
        db.Organizations.Add(bureau);
        await db.SaveChangesAsync(ct);
        var verifier = await CreateAsync(VerifierEmail, "周文静", Roles.Verifier, ct);
        verifier.OrganizationId = bureau.Id;
        await users.UpdateAsync(verifier);

        for (var i = 0; i < LearnerNames.Count; i++)
        {
            var created = await accounts.CreateLearnerAsync(new LearnerSignUp(LearnerPhone(i), LearnerNames[i], AcceptedPrivacyNotice: true), ct);
            EnsureSucceeded(created, LearnerPhone(i));
            var learner = await db.Users.FirstAsync(u => u.PhoneNumber == LearnerPhone(i), ct);
            ApplyProfile(learner, i);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A plausible profile (as a roster would record it) so that demo completions feed the index: learners live around
    /// the demo bases, two in three in rural areas, women in rural areas counted as rural women.
    /// </summary>
    private static void ApplyProfile(AppUser learner, int i)
    {
        learner.Gender = FemaleLearners.Contains(i) ? Gender.Female : Gender.Male;
        learner.LocalityCode = Bases[i % Bases.Count].LocalityCode;
        learner.Area = i % 3 == 0 ? Regions.Area.Urban : Regions.Area.Rural;
        learner.BirthYear = 1968 + i * 7 % 36;
        learner.LearnerGroup = (learner.Gender, learner.Area) switch
        {
            (Gender.Female, Regions.Area.Rural) => LearnerGroup.RuralWoman,
            (Gender.Male, _) when i % 2 == 0 => LearnerGroup.MigrantWorker,
            (Gender.Male, _) => LearnerGroup.ReturneeEntrepreneur,
            _ => LearnerGroup.Other,
        };
    }

    private static readonly HashSet<int> FemaleLearners = [1, 2, 4, 5, 7, 9, 11, 13, 16, 18, 20, 22, 24, 26, 28];

    private async Task<AppUser> CreateAsync(string email, string name, string role, CancellationToken ct)
    {
        EnsureSucceeded(await accounts.CreateStaffAccountAsync(email, Password, name, role, ct), email);
        return (await users.FindByEmailAsync(email))!;
    }

    private static void EnsureSucceeded(IdentityResult result, string who)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo account {who}: {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }
    }
}

public sealed record DemoBase(string Name, TrainingBaseKind Kind, string LocalityCode, string Address, string Contact, string ContactPhone, string StaffEmail);
