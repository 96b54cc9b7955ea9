using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CtecSkills.Core.Progress;
using CtecSkills.Core.Seeding;
using CtecSkills.Web.Features.Progress;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CtecSkills.Benchmarks;

/// <summary>
/// What one virtual learner, one virtual verifier and the staff's check-in screen do, by HTTP as a phone or the
/// classroom's screen would: pages, forms with their antiforgery tokens, cookies, redirects followed where a browser
/// follows them. Every request is timed into the tally of its action; a status other than the one a browser expects
/// (200, or the redirect after a form), or a page that does not say what the person needs to read there (enrolled,
/// passed, checked in), is an error.
/// </summary>
/// <param name="nodes">One client per web node; requests go round-robin across them (a simple stand-in for a load balancer).</param>
public sealed partial class LoadJourneys(IReadOnlyList<HttpClient> nodes, LoadData data, string provider, string connection, TimeSpan think)
{
    private readonly TaskCompletionSource _screenShown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next;

    // What the QR code on the classroom's screen holds right now: a learner who scans gets this one.
    private volatile string _qrAddress = "";

    public ConcurrentDictionary<string, RequestTally> Tallies { get; } = new();

    /// <summary>
    /// Sign up with a fresh phone and the SMS code from the outbox, open the course, enroll in the class, read every
    /// lesson, pass the quiz, and check in to the class's session by scanning the QR code on the staff's screen.
    /// </summary>
    public async Task LearnAsync(string phone, CancellationToken ct)
    {
        var phoneJar = new CookieJar();
        await ThinkAsync(ct);
        var signIn = await SendAsync("01 sign-in page", phoneJar, HttpMethod.Get, "/account/phone", null, HttpStatusCode.OK);
        await ThinkAsync(ct);
        await SendAsync("02 ask for SMS code", phoneJar, HttpMethod.Post, "/account/phone",
            Form(signIn.Body, ("Phone", phone)), HttpStatusCode.Redirect);
        var codePage = await SendAsync("03 code page", phoneJar, HttpMethod.Get, "/account/code", null, HttpStatusCode.OK);
        var code = await ReadSmsCodeAsync(phone, ct);
        await ThinkAsync(ct);
        await SendAsync("04 sign up with code", phoneJar, HttpMethod.Post, "/account/code",
            Form(codePage.Body, ("Code", code), ("DisplayName", "压测学员"), ("AcceptPrivacy", "true")), HttpStatusCode.Redirect);
        await SendAsync("05 my page", phoneJar, HttpMethod.Get, "/me", null, HttpStatusCode.OK);
        await ThinkAsync(ct);
        var course = await SendAsync("06 course page", phoneJar, HttpMethod.Get, $"/courses/{data.CourseSlug}", null, HttpStatusCode.OK);
        await ThinkAsync(ct);
        var enroll = $"/cohorts/{data.CohortId}/enroll";
        if (!course.Body.Contains($"action=\"{enroll}\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The course page offers no enrollment in class {data.CohortId}.");
        }
        await SendAsync("07 enroll", phoneJar, HttpMethod.Post, enroll, Form(course.Body), HttpStatusCode.Redirect);
        await SendAsync("05 my page", phoneJar, HttpMethod.Get, "/me", null, HttpStatusCode.OK, mustSay: data.Texts.Enrolled);
        foreach (var lesson in data.Lessons)
        {
            await ThinkAsync(ct);
            await SendAsync("08 lesson", phoneJar, HttpMethod.Get, $"/courses/{data.CourseSlug}/lessons/{lesson}", null, HttpStatusCode.OK);
        }
        await ThinkAsync(ct);
        var quiz = await SendAsync("09 quiz page", phoneJar, HttpMethod.Get, $"/courses/{data.CourseSlug}/quiz", null, HttpStatusCode.OK);
        await ThinkAsync(ct);
        var answers = data.QuizAnswers.SelectMany((right, i) => right.Select(o => ($"q{i}", o.ToString(CultureInfo.InvariantCulture)))).ToArray();
        var graded = await SendAsync("10 submit quiz", phoneJar, HttpMethod.Post, $"/courses/{data.CourseSlug}/quiz", Form(quiz.Body, answers), HttpStatusCode.Redirect);
        await SendAsync("11 quiz result", phoneJar, HttpMethod.Get, graded.Location ?? "/me", null, HttpStatusCode.OK, mustSay: data.Texts.QuizPassed);
        await ThinkAsync(ct);
        await CheckInAsync(phoneJar, ct);
    }

    /// <summary>
    /// The classroom's screen, from the staff member's sign-in until stopped: the check-in page again every
    /// <see cref="AttendanceService.TokenRefresh"/> for a fresh QR code, and the live list every
    /// <see cref="AttendanceController.PollSeconds"/>, as its script does.
    /// </summary>
    public async Task ShowCheckInScreenAsync(CancellationToken ct)
    {
        try
        {
            var jar = new CookieJar();
            var signIn = await SendAsync("staff sign-in page", jar, HttpMethod.Get, "/account/signin", null, HttpStatusCode.OK);
            await SendAsync("staff sign in", jar, HttpMethod.Post, "/account/signin",
                Form(signIn.Body, ("Login", data.StaffEmail), ("Password", DemoSeeder.Password)), HttpStatusCode.Redirect);
            var screen = $"/sessions/{data.SessionId}/checkin";
            long? renewed = null;
            while (!ct.IsCancellationRequested)
            {
                if (renewed is not { } last || Stopwatch.GetElapsedTime(last) >= AttendanceService.TokenRefresh)
                {
                    renewed = Stopwatch.GetTimestamp();
                    var page = await SendAsync("staff check-in screen", jar, HttpMethod.Get, screen, null, HttpStatusCode.OK);
                    if (QrAddress().Match(page.Body) is { Success: true } qr)
                    {
                        _qrAddress = new Uri(WebUtility.HtmlDecode(qr.Groups[1].Value)).PathAndQuery;
                        _screenShown.TrySetResult();
                    }
                }
                await Task.Delay(TimeSpan.FromSeconds(AttendanceController.PollSeconds), ct);
                await SendAsync("staff live list", jar, HttpMethod.Get, $"/sessions/{data.SessionId}/checkins", null, HttpStatusCode.OK);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _screenShown.TrySetException(new InvalidOperationException("The staff's check-in screen never showed a QR code."));
        }
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

    /// <summary>
    /// The phone's camera opens the address in the QR code (the signed-in app swaps its token for a pass bound to the
    /// account), the learner taps the button on the page, and "My learning" says they are checked in.
    /// </summary>
    private async Task CheckInAsync(CookieJar phoneJar, CancellationToken ct)
    {
        try
        {
            await _screenShown.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException("The staff's check-in screen showed no QR code within 60 s.");
        }
        var scanned = await SendAsync("12 check-in: scan QR", phoneJar, HttpMethod.Get, _qrAddress, null, HttpStatusCode.Redirect);
        var page = await SendAsync("13 check-in: pass page", phoneJar, HttpMethod.Get, scanned.Location ?? "/checkin", null, HttpStatusCode.OK);
        await ThinkAsync(ct);
        var pass = PassField().Match(page.Body);
        await SendAsync("14 check-in: confirm", phoneJar, HttpMethod.Post, $"/checkin/{data.SessionId}",
            Form(page.Body, ("pass", pass.Success ? WebUtility.HtmlDecode(pass.Groups[1].Value) : "")), HttpStatusCode.Redirect);
        await SendAsync("05 my page", phoneJar, HttpMethod.Get, "/me", null, HttpStatusCode.OK, mustSay: data.Texts.CheckedIn);
    }

    /// <param name="mustSay">Text the page must show the person (HTML-decoded); a page without it is an error.</param>
    private async Task<Answer> SendAsync(string action, CookieJar jar, HttpMethod method, string path, HttpContent? content, HttpStatusCode expected,
        string? mustSay = null)
    {
        var node = nodes[(int)((uint)Interlocked.Increment(ref _next) % nodes.Count)];
        using var request = new HttpRequestMessage(method, path) { Content = content };
        jar.AddTo(request);
        var sent = Stopwatch.GetTimestamp();
        string body;
        string? location = null;
        string? error = null;
        try
        {
            using var response = await node.SendAsync(request);
            body = await response.Content.ReadAsStringAsync();
            location = response.Headers.Location?.OriginalString;
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
        var elapsed = Stopwatch.GetTimestamp() - sent;
        if (error is null && mustSay is not null && !WebUtility.HtmlDecode(body).Contains(mustSay, StringComparison.Ordinal))
        {
            error = $"{method} {path}: the page does not say “{mustSay}”";
        }
        Tallies.GetOrAdd(action, _ => new RequestTally()).Record(elapsed, error);
        return new(body, location);
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

    [GeneratedRegex("""data-qr-url><a href="([^"]+)""")]
    private static partial Regex QrAddress();

    [GeneratedRegex("""name="pass" value="([^"]+)""")]
    private static partial Regex PassField();

    /// <summary>A page as the load client read it, and where a redirect pointed.</summary>
    private sealed record Answer(string Body, string? Location);

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
