export default {
  seed: {
    import: "./prisma/seed.ts",
    autoRun: true
  },
  client: {
    logLevel: "info"
  }
}
