/// The live dashboard (`GET /`): one page, a stylesheet, a script and an icon. They are real
/// files in Dashboard/Web/, compiled into the binary by SwiftPM (`.embedInCode`), so nothing is
/// installed next to it and nothing is fetched from elsewhere. The page is a shell without data;
/// the script reads the `/v1` read routes with the token when the coordinator needs one.
enum DashboardAssets {
    static let all: [DashboardAsset] = [
        DashboardAsset(path: "/", contentType: "text/html; charset=utf-8", bytes: PackageResources.index_html, isPage: true),
        DashboardAsset(path: "/dashboard.css", contentType: "text/css; charset=utf-8", bytes: PackageResources.dashboard_css),
        DashboardAsset(path: "/dashboard.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.dashboard_js),
        DashboardAsset(path: "/favicon.svg", contentType: "image/svg+xml", bytes: PackageResources.favicon_svg),
    ]

    static let paths: Set<String> = Set(all.map(\.path))

    /// The static files are served without the token (they hold no data).
    static func isAssetPath(_ path: String) -> Bool { paths.contains(path) }

    /// Bytes of all assets together (the page's whole weight, besides the data).
    static var totalBytes: Int { all.reduce(0) { $0 + $1.bytes.readableBytes } }
}
