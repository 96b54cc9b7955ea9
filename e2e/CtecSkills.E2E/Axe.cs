using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CtecSkills.E2E;

/// <summary>axe-core's WCAG 2.2 AA rules on the page as it is now, at 360×640 and at 390×844 (resized in place).</summary>
public static class Axe
{
    private static readonly ViewportSize[] Phones =
    [
        new() { Width = 360, Height = 640 },
        new() { Width = 390, Height = 844 },
    ];

    private static readonly AxeRunOptions Wcag22AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    /// <summary>One line per node that breaks a rule: <c>WxH role path: rule (impact) at target — help</c>.</summary>
    public static async Task<List<string>> ViolationsAsync(IPage page, string role, string path)
    {
        var violations = new List<string>();
        foreach (var phone in Phones)
        {
            await page.SetViewportSizeAsync(phone.Width, phone.Height);
            var result = await page.RunAxe(Wcag22AA);
            foreach (var rule in result.Violations)
            {
                foreach (var node in rule.Nodes)
                {
                    violations.Add($"{phone.Width}×{phone.Height} {role} {path}: {rule.Id} ({rule.Impact}) at {node.Target} — {rule.Help}");
                }
            }
        }
        await page.SetViewportSizeAsync(Phones[0].Width, Phones[0].Height);
        return violations;
    }
}
