#!/usr/bin/env node
// The zkdisclose CLI: runs the built bundle (npm run build, npm test and npm pack build it).
import '../dist/cli.js';
