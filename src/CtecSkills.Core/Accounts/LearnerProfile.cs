namespace CtecSkills.Core.Accounts;

public enum Gender
{
    Female,
    Male,
}

/// <summary>The priority groups of the regional plan; the index reports each one's share of completions.</summary>
public enum LearnerGroup
{
    /// <summary>农民工</summary>
    MigrantWorker,

    /// <summary>农村妇女</summary>
    RuralWoman,

    /// <summary>返乡创业青年</summary>
    ReturneeEntrepreneur,

    /// <summary>其他</summary>
    Other,
}

/// <summary>How the words staff type in Excel map onto the profile values.</summary>
public static class LearnerProfileWords
{
    public static bool TryParseGender(string text, out Gender gender)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "女" or "f" or "female" or "女性":
                gender = Gender.Female;
                return true;
            case "男" or "m" or "male" or "男性":
                gender = Gender.Male;
                return true;
            default:
                gender = default;
                return false;
        }
    }

    public static bool TryParseGroup(string text, out LearnerGroup group)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "农民工" or "外出务工" or "migrant" or "migrantworker" or "migrant worker":
                group = LearnerGroup.MigrantWorker;
                return true;
            case "农村妇女" or "rural woman" or "ruralwoman" or "rural women":
                group = LearnerGroup.RuralWoman;
                return true;
            case "返乡创业青年" or "返乡创业" or "returnee" or "returneeentrepreneur" or "returnee entrepreneur":
                group = LearnerGroup.ReturneeEntrepreneur;
                return true;
            case "其他" or "other":
                group = LearnerGroup.Other;
                return true;
            default:
                group = default;
                return false;
        }
    }
}
