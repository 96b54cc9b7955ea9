using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace CtecSkills.Core.Credentials;

/// <summary>JSON as people read it: Chinese as UTF-8 characters, not \u escapes that triple its size.</summary>
public static class CredentialJsonText
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
}
