// The tutorial's first crawler: each page is awaited before the next starts.
func crawlPage(_ url: String) async {
    print("crawling \(url)")
    let seconds = Int(url.split(separator: "_").last!)!
    try? await Task.sleep(for: .milliseconds(50 * seconds))
    print("OK \(url)")
}

@main struct CrawlSequential {
    static func main() async {
        for url in ["url_1", "url_2", "url_3", "url_4"] {
            await crawlPage(url)
        }
    }
}
