// Built with -static-stdlib: the runtime is inside the binary, out of the agent's reach.
@main struct StaticStdlib {
    static func main() async {
        let task = Task { 1 }
        print(await task.value)
    }
}
