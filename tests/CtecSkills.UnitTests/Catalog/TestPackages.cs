using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using CtecSkills.Core.Catalog;

namespace CtecSkills.UnitTests.Catalog;

/// <summary>A small valid package that each test changes in one place.</summary>
public sealed class TestPackage
{
    public JsonObject Course { get; } = JsonNode.Parse("""
        {
          "slug": "phone-basics",
          "title": "智能手机入门",
          "summary": "开机、关机、连无线网。",
          "category": "DeviceBasics",
          "level": "Beginner",
          "targetGroups": ["Everyone", "RuralWomen"],
          "studyHours": 2,
          "modules": [
            { "title": "第一单元", "lessons": [
              { "title": "开机和关机", "file": "lessons/01-power.md", "minutes": 10 },
              { "title": "连无线网", "file": "lessons/02-wifi.md", "minutes": 15 } ] }
          ],
          "quiz": { "title": "测一测", "passMark": 60, "maxAttempts": 3, "questions": [
            { "type": "single", "text": "关机要长按哪个键？", "options": ["电源键", "音量键"], "correct": [0], "feedback": "长按电源键。" },
            { "type": "multiple", "text": "连无线网要知道什么？", "options": ["网络名字", "密码", "身份证号"], "correct": [0, 1] },
            { "type": "truefalse", "text": "连上无线网就不花流量。", "correct": [0] } ] }
        }
        """)!.AsObject();

    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal)
    {
        ["lessons/01-power.md"] = Encoding.UTF8.GetBytes("# 开机\n\n长按电源键三秒。\n"),
        ["lessons/02-wifi.md"] = Encoding.UTF8.GetBytes("# 连无线网\n\n打开设置，点无线局域网。\n"),
    };

    public JsonObject Question(int index) => Course["quiz"]!["questions"]![index]!.AsObject();

    public JsonObject Lesson(int index) => Course["modules"]![0]!["lessons"]![index]!.AsObject();

    public CoursePackage ToPackage()
    {
        var files = new Dictionary<string, byte[]>(Files, StringComparer.Ordinal)
        {
            [CoursePackage.CourseFile] = Encoding.UTF8.GetBytes(Course.ToJsonString()),
        };
        return CoursePackage.FromFiles(files);
    }

    public byte[] ToZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in ToPackage().Files)
            {
                using var entry = zip.CreateEntry(path).Open();
                entry.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
