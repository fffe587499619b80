import { defineClientSuite } from "./suite.js";

defineClientSuite("signalr-json");
