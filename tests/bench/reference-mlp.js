// The JavaScript reference for workload W1 (DESIGN.md): the same network, data size,
// minibatch, learning rate and number of steps as genlab's engine, written the way
// TensorFlow Playground's engine (nn.ts) is written: one object per neuron and per link,
// float64 numbers, plain loops. The speed guard (tests/e2e/bench.spec.ts) and
// scripts/bench.mjs evaluate this file in the benchmark page and time it beside genlab's
// W1, so the two share one browser, one page and one moment: their ratio measures the
// engine's build, whatever else the machine is doing.
//
// Not part of the app. Defines globalThis.genlabReferenceW1(seed, runs) → { runs_ms, final_loss }.
globalThis.genlabReferenceW1 = (seed, runs) => {
  const WIDTHS = [2, 16, 16, 1];
  const POINTS = 200;
  const BATCH = 10;
  const RATE = 0.03;
  const STEPS = 10_000;

  // mulberry32: a small seeded generator (the data only has to be the same for every run).
  const generator = (s) => () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = (random) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

  // Circles: an inner disc labelled +1 and a ring labelled −1, noise 0.1 (as genlab's).
  const circles = (random) =>
    Array.from({ length: POINTS }, (_, i) => {
      const inner = i % 2 === 0;
      const r = inner ? 0.5 * random() : 0.7 + 0.3 * random();
      const angle = 2 * Math.PI * random();
      return {
        x: [r * Math.cos(angle) + 0.1 * gauss(random), r * Math.sin(angle) + 0.1 * gauss(random)],
        y: inner ? 1 : -1,
      };
    });

  class Node {
    constructor(activation) {
      this.activation = activation; // 'tanh' or 'linear'
      this.inputs = [];
      this.outputs = [];
      this.bias = 0;
      this.total = 0;
      this.value = 0;
      this.outputDer = 0;
      this.inputDer = 0;
      this.accInputDer = 0;
      this.accCount = 0;
    }
    update() {
      this.total = this.bias;
      for (const link of this.inputs) this.total += link.weight * link.source.value;
      this.value = this.activation === 'tanh' ? Math.tanh(this.total) : this.total;
      return this.value;
    }
    derivative() {
      return this.activation === 'tanh' ? 1 - this.value * this.value : 1;
    }
  }

  class Link {
    constructor(source, dest, weight) {
      Object.assign(this, { source, dest, weight, errorDer: 0, accErrorDer: 0, accCount: 0 });
    }
  }

  // He/Glorot-style initialisation as genlab's: N(0, 1/fan-in), biases 0.
  const network = (random) => {
    const layers = WIDTHS.map((n, l) =>
      Array.from({ length: n }, () => new Node(l === WIDTHS.length - 1 ? 'linear' : 'tanh')),
    );
    for (let l = 1; l < layers.length; l++) {
      for (const dest of layers[l]) {
        for (const source of layers[l - 1]) {
          const link = new Link(source, dest, gauss(random) / Math.sqrt(layers[l - 1].length));
          source.outputs.push(link);
          dest.inputs.push(link);
        }
      }
    }
    return layers;
  };

  const forward = (layers, x) => {
    layers[0].forEach((node, i) => (node.value = x[i]));
    for (let l = 1; l < layers.length; l++) for (const node of layers[l]) node.update();
    return layers[layers.length - 1][0].value;
  };

  // Squared error ½(ŷ − y)², back-propagated and accumulated over the minibatch.
  const backward = (layers, target) => {
    const out = layers[layers.length - 1][0];
    out.outputDer = out.value - target;
    for (let l = layers.length - 1; l >= 1; l--) {
      for (const node of layers[l]) {
        node.inputDer = node.outputDer * node.derivative();
        node.accInputDer += node.inputDer;
        node.accCount++;
        for (const link of node.inputs) {
          link.errorDer = node.inputDer * link.source.value;
          link.accErrorDer += link.errorDer;
          link.accCount++;
        }
      }
      if (l === 1) continue;
      for (const node of layers[l - 1]) {
        node.outputDer = 0;
        for (const link of node.outputs) node.outputDer += link.weight * link.dest.inputDer;
      }
    }
  };

  const update = (layers) => {
    for (let l = 1; l < layers.length; l++) {
      for (const node of layers[l]) {
        node.bias -= (RATE * node.accInputDer) / node.accCount;
        node.accInputDer = 0;
        node.accCount = 0;
        for (const link of node.inputs) {
          link.weight -= (RATE * link.accErrorDer) / link.accCount;
          link.accErrorDer = 0;
          link.accCount = 0;
        }
      }
    }
  };

  const run = () => {
    const random = generator(seed);
    const data = circles(random);
    const layers = network(random);
    const order = data.map((_, i) => i);
    let cursor = POINTS;
    for (let step = 0; step < STEPS; step++) {
      if (cursor >= POINTS) {
        for (let i = POINTS - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        cursor = 0;
      }
      for (let k = 0; k < BATCH; k++, cursor++) {
        const point = data[order[cursor]];
        forward(layers, point.x);
        backward(layers, point.y);
      }
      update(layers);
    }
    let loss = 0;
    for (const point of data) loss += (forward(layers, point.x) - point.y) ** 2 / POINTS;
    return loss;
  };

  // One warm-up run (the JIT), then the timed runs, as the benchmark page does.
  run();
  const runs_ms = [];
  let final_loss = NaN;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    final_loss = run();
    runs_ms.push(performance.now() - t0);
  }
  return { runs_ms, final_loss };
};
