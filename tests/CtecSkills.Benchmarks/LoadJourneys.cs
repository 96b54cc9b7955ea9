using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CtecSkills.Benchmarks;

/// <summary>
/// What one virtual learner and one virtual verifier do, by HTTP as a phone would: pages, forms with their antiforgery
/// tokens, cookies. Every request is timed into the tally of its action; a status other than the one a browser expects
/// (200, or the redirect after a form) is an error.
/// </summary>
/// <param name="nodes">One client per web node; requests go round-robin across them (a simple stand-in for a load balancer).</param>
public sealed partial class LoadJourneys(IReadOnlyList<HttpClient> nodes, LoadData data, string provider, string connection, TimeSpan think)
{
    private int _next;

    public ConcurrentDictionary<string, RequestTally> Tallies { get; } = new();

    /// <summary>Sign up with a fresh phone and the SMS code from the outbox, open the course, read every lesson, pass the quiz.</summary>
    public async Task LearnAsync(string phone, CancellationToken ct)
    {
        var phoneJar = new CookieJar();
        await ThinkAsync(ct);
        var signIn = await SendAsync("1 sign-in page", phoneJar, HttpMethod.Get, "/account/phone", null, HttpStatusCode.OK);
        await ThinkAsync(ct);
        await SendAsync("2 ask for SMS code", phoneJar, HttpMethod.Post, "/account/phone",
            Form(signIn, ("Phone", phone)), HttpStatusCode.Redirect);
        var codePage = await SendAsync("3 code page", phoneJar, HttpMethod.Get, "/account/code", null, HttpStatusCode.OK);
        var code = await ReadSmsCodeAsync(phone, ct);
        await ThinkAsync(ct);
        await SendAsync("4 sign up with code", phoneJar, HttpMethod.Post, "/account/code",
            Form(codePage, ("Code", code), ("DisplayName", "压测学员"), ("AcceptPrivacy", "true")), HttpStatusCode.Redirect);
        await SendAsync("5 my page", phoneJar, HttpMethod.Get, "/me", null, HttpStatusCode.OK);
        await ThinkAsync(ct);
        await SendAsync("6 course page", phoneJar, HttpMethod.Get, $"/courses/{data.CourseSlug}", null, HttpStatusCode.OK);
        foreach (var lesson in data.Lessons)
        {
            await ThinkAsync(ct);
            await SendAsync("7 lesson", phoneJar, HttpMethod.Get, $"/courses/{data.CourseSlug}/lessons/{lesson}", null, HttpStatusCode.OK);
        }
        await ThinkAsync(ct);
        var quiz = await SendAsync("8 quiz page", phoneJar, HttpMethod.Get, $"/courses/{data.CourseSlug}/quiz", null, HttpStatusCode.OK);
        await ThinkAsync(ct);
        var answers = data.QuizAnswers.SelectMany((right, i) => right.Select(o => ($"q{i}", o.ToString(CultureInfo.InvariantCulture)))).ToArray();
        await SendAsync("9 submit quiz", phoneJar, HttpMethod.Post, $"/courses/{data.CourseSlug}/quiz", Form(quiz, answers), HttpStatusCode.Redirect);
    }

    /// <summary>An HR clerk: a code through the API, then the page the QR opens, with think time, until stopped.</summary>
    public async Task VerifyAsync(int verifier, CancellationToken ct)
    {
        var jar = new CookieJar();
        for (var i = verifier; !ct.IsCancellationRequested; i += 7)
        {
            var code = data.Codes[i % data.Codes.Count];
            await SendAsync("verify API", jar, HttpMethod.Post, "/api/v1/verify",
                new StringContent($$"""{"code":"{{code}}"}""", System.Text.Encoding.UTF8, "application/json"), HttpStatusCode.OK);
            await ThinkAsync(ct);
            await SendAsync("verify page", jar, HttpMethod.Get, $"/verify/{code}", null, HttpStatusCode.OK);
            await ThinkAsync(ct);
        }
    }

    private async Task<string> SendAsync(string action, CookieJar jar, HttpMethod method, string path, HttpContent? content, HttpStatusCode expected)
    {
        var node = nodes[(int)((uint)Interlocked.Increment(ref _next) % nodes.Count)];
        using var request = new HttpRequestMessage(method, path) { Content = content };
        jar.AddTo(request);
        var sent = Stopwatch.GetTimestamp();
        string body;
        string? error = null;
        try
        {
            using var response = await node.SendAsync(request);
            body = await response.Content.ReadAsStringAsync();
            jar.Take(response);
            if (response.StatusCode != expected)
            {
                error = await RequestTally.DescribeAsync(response);
            }
        }
        catch (HttpRequestException e)
        {
            body = "";
            error = $"{method} {path}: {e.Message}";
        }
        Tallies.GetOrAdd(action, _ => new RequestTally()).Record(Stopwatch.GetTimestamp() - sent, error);
        return body;
    }

    /// <summary>The form's fields as the page gave them (its antiforgery token) plus what the learner typed.</summary>
    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] typed)
    {
        var token = AntiforgeryField().Match(page);
        var fields = new List<KeyValuePair<string, string>>();
        if (token.Success)
        {
            fields.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        }
        fields.AddRange(typed.Select(t => new KeyValuePair<string, string>(t.Name, t.Value)));
        return new FormUrlEncodedContent(fields);
    }

    /// <summary>The code from the development SMS outbox (the app's message job writes it there), as the phone shows it.</summary>
    private async Task<string> ReadSmsCodeAsync(string phone, CancellationToken ct)
    {
        var waited = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(waited) < TimeSpan.FromSeconds(120))
        {
            await using (var db = Connect())
            {
                await db.OpenAsync(ct);
                await using var command = db.CreateCommand();
                command.CommandText = """SELECT "Text" FROM "SmsOutbox" WHERE "Phone" = @phone ORDER BY "Id" DESC LIMIT 1""";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "phone";
                parameter.Value = phone;
                command.Parameters.Add(parameter);
                if (await command.ExecuteScalarAsync(ct) is string text && SixDigits().Match(text) is { Success: true } match)
                {
                    Tallies.GetOrAdd("(SMS in outbox after asking)", _ => new RequestTally()).Record(Stopwatch.GetTimestamp() - waited, null);
                    return match.Value;
                }
            }
            await Task.Delay(250, ct);
        }
        throw new InvalidOperationException($"No SMS code reached the outbox for {phone} within 120 s.");
    }

    private DbConnection Connect() =>
        provider == "Sqlite" ? new SqliteConnection(connection + ";Mode=ReadOnly") : new NpgsqlConnection(connection);

    private Task ThinkAsync(CancellationToken ct) =>
        Task.Delay(TimeSpan.FromMilliseconds(think.TotalMilliseconds * (0.5 + Random.Shared.NextDouble())), ct);

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)""")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();

    /// <summary>
    /// Cookies kept by hand: the app marks them Secure (it believes it is behind https), and a cookie container would
    /// not send Secure cookies over the plain http the load process speaks to the nodes.
    /// </summary>
    private sealed class CookieJar
    {
        private readonly Dictionary<string, string> _cookies = [];

        public void AddTo(HttpRequestMessage request)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }
        }

        public void Take(HttpResponseMessage response)
        {
            if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                return;
            }
            foreach (var cookie in cookies)
            {
                var pair = cookie.Split(';', 2)[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
                if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }
    }
}
