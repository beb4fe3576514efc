/// Index of the first of `count` time-ordered segments whose end is at or after `time`:
/// a binary search, because a lane's history can hold thousands of segments and a frame
/// must only touch the ones on screen. Returns `count` when none qualifies.
@inline(__always)
public func firstSegment(endingAtOrAfter time: Int64, count: Int, end: (Int) -> Int64) -> Int {
    var lo = 0, hi = count
    while lo < hi {
        let mid = (lo + hi) / 2
        if end(mid) < time { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
