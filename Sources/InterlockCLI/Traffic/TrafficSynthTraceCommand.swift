import ArgumentParser
import Foundation
import InterlockCore
import Traffic

/// `interlock traffic synth-trace`: workload traces of a synthetic training job.
struct TrafficSynthTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth-trace",
        abstract: "Write the traces of a synthetic training job (tensor-, data- and pipeline-parallel).",
        discussion: """
            Every layer runs its forward pass and input gradient, each ending with an all-reduce of the \
            activation size in its tensor-parallel group, then its weight gradient, ending with an \
            all-reduce of the gradient size in its data-parallel group (ranks / (tp × pp)). With --pp \
            stages, every stage runs the layers and sends --pipeline bytes per rank to the next stage \
            after its forward pass and back after its backward pass. simai: one workload file, to -o or \
            standard output. chakra: one execution trace per rank, DIR/workload.RANK.et, into the \
            directory -o (transfers as send and receive nodes). `traffic replay` reads both.

            Exit status: 0 written, 2 bad input.
            """)

    @Option(help: "chakra (one protobuf trace per rank) or simai (one workload file).")
    var format: TraceFormat

    @Option(help: "Ranks (GPUs) of the job.")
    var ranks: Int

    @Option(help: "Tensor-parallel size (a divisor of the ranks).")
    var tp: Int = 1

    @Option(help: "Pipeline-parallel stages (tp × pp must divide the ranks).")
    var pp: Int = 1

    @Option(help: "Layers.")
    var layers: Int = 4

    @Option(help: ArgumentHelp("Compute time of each layer's forward pass (e.g. 2ms).", valueName: "duration"))
    var forward: Quantity<TimeSpan> = Quantity(argument: "1ms")!

    @Option(help: ArgumentHelp("Compute time of each layer's input gradient.", valueName: "duration"))
    var inputGradient: Quantity<TimeSpan> = Quantity(argument: "1ms")!

    @Option(help: ArgumentHelp("Compute time of each layer's weight gradient.", valueName: "duration"))
    var weightGradient: Quantity<TimeSpan> = Quantity(argument: "1ms")!

    @Option(help: ArgumentHelp("Tensor-parallel all-reduce size.", valueName: "bytes"))
    var activation: Quantity<Bytes> = Quantity(argument: "16MiB")!

    @Option(help: ArgumentHelp("Data-parallel all-reduce size (a layer's gradients).", valueName: "bytes"))
    var gradient: Quantity<Bytes> = Quantity(argument: "256MiB")!

    @Option(help: ArgumentHelp("Bytes each rank sends to the next pipeline stage and back.", valueName: "bytes"))
    var pipeline: Quantity<Bytes> = Quantity(argument: "16MiB")!

    @Option(name: [.short, .long], help: "simai: the file (default standard output); chakra: the directory.")
    var output: String?

    func validate() throws {
        try requireRange("--ranks", ranks, 1...1_048_576)
        try requireRange("--tp", tp, 1...ranks)
        try requireRange("--layers", layers, 1...100_000)
        try requireRange("--pp", pp, 1...ranks)
        guard ranks % (tp * pp) == 0 else {
            throw ValidationError("--tp \(tp) × --pp \(pp) does not divide --ranks \(ranks)")
        }
        guard format == .simai || output != nil else {
            throw ValidationError("--format chakra writes one file per rank: give the directory with -o")
        }
    }

    /// Whole microseconds, so that both formats hold the same times.
    static func nanoseconds(_ q: Quantity<TimeSpan>) -> Int { Int((q.value * 1e6).rounded()) * 1000 }

    func run() throws {
        let job = SyntheticTraining(
            ranks: ranks, tp: tp, layers: layers,
            compute: (Self.nanoseconds(forward), Self.nanoseconds(inputGradient), Self.nanoseconds(weightGradient)),
            activationBytes: Int(activation.value), gradientBytes: Int(gradient.value), pp: pp,
            pipelineBytes: Int(pipeline.value))
        let text = job.simAI()
        switch format {
        case .simai:
            let out = try OutputWriter(path: output)
            out.write(text)
            try out.commit()
        case .chakra:
            let traces = try ChakraWorkload.traces(of: try SimAIWorkload.make(text, file: "synthetic", ranks: ranks))
            let directory = output!
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw InputError(file: directory, "is a file, expected a directory (-o of --format chakra)")
            }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let writers = try traces.indices.map { try OutputWriter(path: "\(directory)/workload.\($0).et") }
            for (w, t) in zip(writers, traces) { w.write(bytes: t.encoded()) }
            for w in writers { try w.commit() }
        }
    }
}

extension TrafficSynthTraceCommand: WritesFiles {
    var outputPaths: [String?] { [format == .simai ? output ?? "-" : nil] }
    var inputPaths: [String] { [] }
}
