import Load
import Testing

@Suite("stepwise load: pacing and options")
struct LoadModelTests {
    @Test("rates, ramps and durations parse; bad ones do not")
    func parsing() {
        #expect(LoadModel.parse(rate: "500/s", over: nil) == .rate(500))
        #expect(LoadModel.parse(rate: "120/m", over: nil) == .rate(2))
        #expect(LoadModel.parse(rate: "250", over: nil) == .rate(250))
        #expect(LoadModel.parse(rate: "100/s..2000/s", over: 60) == .open(from: 100, to: 2000, over: 60))
        #expect(LoadModel.parse(rate: "100/s..2000/s", over: nil) == nil)
        #expect(LoadModel.parse(rate: "fast", over: nil) == nil)
        #expect(LoadModel.parse(duration: "30s") == 30)
        #expect(LoadModel.parse(duration: "2m") == 120)
        #expect(LoadModel.parse(duration: "500ms") == 0.5)
        #expect(LoadModel.parse(duration: "-3s") == nil)
        #expect(LoadModel.rate(0).problem != nil)
        #expect(LoadModel.closed(concurrency: 0).problem != nil)
        #expect(LoadModel.rate(10).problem == nil)
    }

    @Test("a constant rate is due every 1/rate seconds")
    func constant() {
        let model = LoadModel.rate(200)
        #expect(model.due(0) == 0)
        #expect(abs(model.due(200) - 1) < 1e-9)
        #expect(abs(model.due(1000) - 5) < 1e-9)
    }

    @Test("a ramp is due as its rate rises: (a + b) / 2 × T starts within it, then the final rate")
    func ramp() {
        let model = LoadModel.open(from: 100, to: 300, over: 10)
        let inRamp = Int((100 + 300) / 2 * 10.0)  // 2,000
        #expect(abs(model.due(inRamp) - 10) < 1e-6)
        #expect(abs(model.due(inRamp + 300) - 11) < 1e-6)
        // Within the ramp the gaps shrink from 1/100 s toward 1/300 s.
        let early = model.due(1) - model.due(0)
        let late = model.due(inRamp - 1) - model.due(inRamp - 2)
        #expect(abs(early - 0.01) < 1e-4)
        #expect(abs(late - 1.0 / 300) < 1e-4)
        var previous = -1.0
        for i in stride(from: 0, to: 2500, by: 7) {
            #expect(model.due(i) > previous)
            previous = model.due(i)
        }
    }
}
