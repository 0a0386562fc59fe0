/// Distinct colours for lines (series): the Okabe-Ito palette, chosen to stay distinguishable
/// for colour-blind readers. Repeats after eight series.
public enum CategoricalPalette {
    public static let okabeIto = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    public static func color(_ index: Int) -> String { okabeIto[index % okabeIto.count] }
}
