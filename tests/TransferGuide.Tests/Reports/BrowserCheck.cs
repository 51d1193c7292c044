using Microsoft.Playwright;

namespace TransferGuide.Tests.Reports;

/// <summary>What a real browser made of a report.</summary>
/// <param name="Charts">Chart containers in the page.</param>
/// <param name="DrawnCharts">Charts holding a drawn Plotly figure (an svg.main-svg and at least one trace).</param>
/// <param name="Images">Embedded images.</param>
/// <param name="LoadedImages">Images that decoded (natural width above 0).</param>
/// <param name="BlockedRequests">Requests to anything but the file itself: all blocked, and none should be made.</param>
/// <param name="Errors">JavaScript errors on the page.</param>
public sealed record BrowserReport(int Charts, int DrawnCharts, int Images, int LoadedImages, IReadOnlyList<string> BlockedRequests, IReadOnlyList<string> Errors);

/// <summary>Opens an HTML file in headless system chromium with the network cut off and checks each chart drew.</summary>
public static class BrowserCheck
{
    public static async Task<BrowserReport> OpenAsync(string htmlPath, string? screenshot = null)
    {
        var chromium = ChromiumFactAttribute.Executable
            ?? throw new InvalidOperationException("chromium is not installed: run 'apt-get install -y chromium' (or set TG_CHROMIUM).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Offline = true, ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        var blocked = new List<string>();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var url = new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri;
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url == url || route.Request.Url.StartsWith("data:", StringComparison.Ordinal)) await route.ContinueAsync();
            else { blocked.Add(route.Request.Url); await route.AbortAsync(); }
        });
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 120_000 });
        // Plotly draws asynchronously: wait until every chart has its svg, or time out and report what drew.
        try
        {
            await page.WaitForFunctionAsync(
                "() => [...document.querySelectorAll('div.chart')].every(c => c.querySelector('svg.main-svg'))", null,
                new PageWaitForFunctionOptions { Timeout = 60_000 });
        }
        catch (TimeoutException) { }
        var counts = await page.EvaluateAsync<int[]>("""
            () => {
              const charts = [...document.querySelectorAll('div.chart')];
              const drawn = charts.filter(c => {
                const plot = c.querySelector('.js-plotly-plot');
                return plot && c.querySelector('svg.main-svg') && plot.data && plot.data.length > 0
                  && plot.querySelectorAll('.trace, .hm, image, .point, path.js-line').length > 0;
              });
              const images = [...document.querySelectorAll('img')];
              return [charts.length, drawn.length, images.length, images.filter(i => i.complete && i.naturalWidth > 0).length];
            }
            """);
        if (screenshot != null) await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        return new BrowserReport(counts[0], counts[1], counts[2], counts[3], blocked, errors);
    }
}
