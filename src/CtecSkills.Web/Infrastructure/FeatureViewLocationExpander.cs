using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace CtecSkills.Web.Infrastructure;

/// <summary>Finds views beside their controller: <c>Features/&lt;Feature&gt;/Views/…</c>, then <c>Features/Shared/Views</c>.</summary>
public sealed class FeatureViewLocationExpander : IViewLocationExpander
{
    private const string Key = "feature";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action)
        {
            var ns = action.ControllerTypeInfo.Namespace ?? "";
            var marker = ns.IndexOf(".Features.", StringComparison.Ordinal);
            if (marker >= 0)
            {
                context.Values[Key] = ns[(marker + ".Features.".Length)..].Split('.')[0];
            }
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        if (context.Values.TryGetValue(Key, out var feature) && feature is not null)
        {
            yield return $"/Features/{feature}/Views/{{1}}/{{0}}.cshtml";
            yield return $"/Features/{feature}/Views/{{0}}.cshtml";
        }
        yield return "/Features/Shared/Views/{0}.cshtml";
    }
}
