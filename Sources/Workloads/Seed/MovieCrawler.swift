import TaskTrace

/// The tutorial's real exercise, simulated: fetch a list page of upcoming films, then each
/// film's detail page for its poster. Latencies are seeded; no network is used. The
/// sequential variant shows why the tutorial's 56.6 s became 4.98 s once concurrent.
enum MovieCrawler {
    static let titles = [
        "Aladdin", "Dragon Ball Super: Broly", "Mayday Life", "Toy Story 4", "Godzilla II",
        "Men in Black: International", "X-Men: Dark Phoenix", "Rocketman", "The Secret Life of Pets 2",
        "Pokemon Detective Pikachu", "Spider-Man: Far From Home", "How to Train Your Dragon 3",
        "Shazam!", "Annabelle Comes Home", "The Lion King", "Live Streaming Strategy",
    ]

    static let knobs = [KnobSpec("films", "films on the list page", range: 1...100, default: 16)]

    struct Film {
        let name: String
        let date: String
        let url: String
        /// Where the detail page says the poster is (drawn with the list, so both variants agree).
        let poster: String
    }

    /// "Fetches" a page: waits its seeded latency, then parses it (a little CPU work).
    static func fetch(_ ctx: ScenarioContext, latency: Double) async throws {
        try await Trace.sleep(units: latency)
        // Half the blocking-call threshold (10 ms at speed 1): a little work, not a blocking call.
        Trace.compute(units: 0.005)
    }

    static func listPage(_ ctx: ScenarioContext) async throws -> [Film] {
        try await fetch(ctx, latency: 0.8)
        return (0..<ctx.knobs["films"]).map { i in
            let day = 24 + i / 3
            let date = day <= 31 ? "05-\(day)" : "06-\(String(format2: day - 31))"
            let name = i < titles.count ? titles[i] : "Film \(i + 1)"
            let posterID = 2_553_000_000 + Int(ctx.random.next() % 9_000_000)
            return Film(name: name, date: date, url: "https://movie.example/subject/\(26_000_000 + i * 7919)/",
                        poster: "https://img.example/view/photo/s_ratio_poster/public/p\(posterID).jpg")
        }
    }

    static func detail(_ film: Film, _ ctx: ScenarioContext, latency: Double) async throws -> String {
        try await fetch(ctx, latency: latency)
        return film.poster
    }

    static func latencies(_ ctx: ScenarioContext, count: Int) -> [Double] {
        (0..<count).map { _ in (ctx.random.double(in: 2.0...4.2) * 100).rounded() / 100 }
    }

    static let sequential = Scenario(
        name: "movie-crawler-sequential",
        summary: "list page, then every detail page one after another (the tutorial's 56.6 s)",
        kind: .seed(expectedUnits: nil),
        knobs: knobs
    ) { ctx in
        let films = try await listPage(ctx)
        let delays = latencies(ctx, count: films.count)
        for (film, latency) in zip(films, delays) {
            let poster = try await detail(film, ctx, latency: latency)
            ctx.print("\(film.name) \(film.date) \(poster)")
        }
    }

    static let concurrent = Scenario(
        name: "movie-crawler",
        summary: "list page, then every detail page at once (the tutorial's 4.98 s)",
        kind: .seed(expectedUnits: nil),
        knobs: knobs
    ) { ctx in
        let films = try await listPage(ctx)
        let delays = latencies(ctx, count: films.count)
        let pages = zip(films, delays).enumerated().map { index, pair in
            Trace.spawn("detail_\(index + 1)") { try await detail(pair.0, ctx, latency: pair.1) }
        }
        // The tutorial gathers every detail page first, then prints them all.
        var posters: [String] = []
        for page in pages { posters.append(try await page.value) }
        for (film, poster) in zip(films, posters) {
            ctx.print("\(film.name) \(film.date) \(poster)")
        }
    }
}

extension String {
    /// Two digits, zero-padded.
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
