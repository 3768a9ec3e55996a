// swift-tools-version: 6.1
import PackageDescription

// Swift 6 language mode everywhere, with the upcoming features shared/STYLE.md asks for.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "stepwise",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stepwise", targets: ["stepwise"]),
        // What a worker of one's own builds on (see the README): the SDK, the wire contract, JSON.
        .library(name: "Worker", targets: ["Worker"]),
        .library(name: "Messages", targets: ["Messages"]),
        .library(name: "JSONValue", targets: ["JSONValue"]),
        .library(name: "ASL", targets: ["ASL"]),
        .library(name: "AMQP", targets: ["AMQP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // OTLP/HTTP only: the gRPC exporter's packages would add minutes to every clean build.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        // The JSON value, its parser and writers: shared by the interpreter, the wire contract and workers.
        .target(name: "JSONValue", swiftSettings: settings),
        // Pure Amazon States Language interpreter: no I/O, no clock, no broker.
        .target(name: "ASL", dependencies: ["JSONValue"], swiftSettings: settings),
        // Manual clock and synchronous drivers for tests and benchmarks (pure).
        .target(name: "EngineTesting", dependencies: ["ASL", "JSONValue"], swiftSettings: settings),

        // rabbitmq-c (Debian's librabbitmq-dev) behind a shim header.
        .systemLibrary(
            name: "CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]
        ),
        // The AMQP transport: one owner thread per connection, async API outside.
        .target(
            name: "AMQP",
            dependencies: [
                "CRabbitMQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings
        ),
        // The wire contract coordinators and workers share (versioned); a worker never imports the coordinator.
        .target(name: "Messages", dependencies: ["JSONValue"], swiftSettings: settings),
        // The contract on AMQP: messages as deliveries and publishes, the queues both sides declare.
        .target(name: "MessagesAMQP", dependencies: ["AMQP", "Messages"], swiftSettings: settings),
        // rabbitmqctl from Swift: vhosts of their own for benchmarks and tests, node stop/start.
        .target(name: "RabbitMQControl", swiftSettings: settings),
        // The worker SDK: handlers by activity or function name, bounded concurrency, heartbeats.
        .target(
            name: "Worker",
            dependencies: [
                "AMQP", "JSONValue", "Messages", "MessagesAMQP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: settings
        ),
        // One protocol in front of both databases, and the records it stores.
        .target(name: "Store", dependencies: [.product(name: "Logging", package: "swift-log")], swiftSettings: settings),
        // Embedded SQLite, the default (one file, WAL).
        .target(
            name: "StoreSQLite",
            dependencies: ["Store", .product(name: "SQLiteNIO", package: "sqlite-nio"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: settings
        ),
        // PostgreSQL, for several coordinator hosts.
        .target(
            name: "StorePostgres",
            dependencies: ["Store", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: settings
        ),
        // Drives executions: shards owned by leases, the outbox relay, timers, start requests.
        .target(
            name: "Coordinator",
            dependencies: [
                "ASL", "AMQP", "JSONValue", "Messages", "MessagesAMQP", "Store",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: settings),
        // The AWS Step Functions HTTP API (AWS JSON 1.0, Signature Version 4) on SwiftNIO's HTTP/1.1.
        .target(
            name: "API",
            dependencies: [
                "ASL", "AMQP", "Coordinator", "JSONValue", "Messages", "MessagesAMQP", "Store",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: settings),
        // Helpers for tests against a real broker (never linked into the shipped binary).
        .target(name: "AMQPTesting", dependencies: ["AMQP", "RabbitMQControl"], swiftSettings: settings),
        // Configuration, topology and the build…() functions the executable calls.
        .target(
            name: "App",
            dependencies: [
                "AMQP", "API", "JSONValue", "Messages", "MessagesAMQP", "Worker", "Coordinator", "Store", "StoreSQLite", "StorePostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings
        ),
        // Benchmarks the executable runs; each measures a baseline in the same run.
        .target(
            name: "Benchmarks",
            dependencies: ["AMQP", "AMQPTesting", "ASL", "EngineTesting", "Coordinator", "JSONValue", "Messages", "MessagesAMQP",
                           "Store", "StorePostgres", "Worker",
                           .product(name: "Logging", package: "swift-log"), .product(name: "Histogram", package: "hdrhistogram-swift"),
                           .product(name: "CoreMetrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus")],
            swiftSettings: settings
        ),
        // `stepwise load`: drives any Step Functions endpoint (SigV4 over AsyncHTTPClient), HDR latencies.
        .target(
            name: "Load",
            dependencies: [
                "JSONValue",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: settings
        ),
        // The one executable: subcommands read config and call build…().
        .executableTarget(
            name: "stepwise",
            dependencies: [
                "App", "AMQP", "Benchmarks", "JSONValue", "Load", "RabbitMQControl", "Store", "StorePostgres", "Worker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings,
            // jemalloc (libjemalloc-dev) replaces glibc's malloc in the whole process: the coordinator
            // allocates from many threads, where glibc's arenas cost about 7% of its CPU.
            linkerSettings: [.linkedLibrary("jemalloc")]
        ),
        // The plain C client the transport benchmark compares against (same librabbitmq).
        .executableTarget(name: "amqp-bench-c", dependencies: ["CRabbitMQ"]),

        .testTarget(
            name: "ASLTests", dependencies: ["ASL", "EngineTesting", "JSONValue"],
            exclude: ["Conformance/known-failures.txt"], swiftSettings: settings
        ),
        .testTarget(
            name: "AMQPTests",
            dependencies: ["AMQP", "AMQPTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: settings
        ),
        .testTarget(
            name: "CoordinatorTests",
            dependencies: [
                "Coordinator", "AMQP", "AMQPTesting", "ASL", "JSONValue", "Messages", "MessagesAMQP", "Store", "StoreSQLite",
                "StorePostgres", "Worker", "RabbitMQControl",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),
        .testTarget(
            name: "APITests",
            dependencies: ["API", "ASL", "JSONValue", "Load", "Store", "AMQPTesting", "RabbitMQControl", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Histogram", package: "hdrhistogram-swift"),
                           .product(name: "NIOHTTP1", package: "swift-nio")],
            swiftSettings: settings),
        .testTarget(name: "AppTests", dependencies: ["App", "AMQP", "MessagesAMQP"], swiftSettings: settings),
        .testTarget(
            name: "WorkerTests",
            dependencies: [
                "Worker", "Messages", "MessagesAMQP", "AMQP", "AMQPTesting", "JSONValue",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings
        ),
        .testTarget(name: "LoadTests", dependencies: ["Load", "API", .product(name: "Histogram", package: "hdrhistogram-swift")], exclude: ["stall_server.py"], swiftSettings: settings),
        // One conformance suite, run against SQLite and against a real PostgreSQL.
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "StoreSQLite", "StorePostgres", .product(name: "Logging", package: "swift-log"),
                           .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: settings
        ),
    ]
)
