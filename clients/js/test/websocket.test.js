import { defineClientSuite } from "./suite.js";

defineClientSuite("websocket");
