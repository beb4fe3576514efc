// The tutorial's crawler with a task per page: it takes the longest page's time, not the sum.
func crawlPage(_ url: String) async {
    print("crawling \(url)")
    let seconds = Int(url.split(separator: "_").last!)!
    try? await Task.sleep(for: .milliseconds(50 * seconds))
    print("OK \(url)")
}

@main struct CrawlTasks {
    static func main() async {
        let urls = ["url_1", "url_2", "url_3", "url_4"]
        let tasks = urls.map { url in Task(name: "crawl \(url)") { await crawlPage(url) } }
        for task in tasks { await task.value }
    }
}
