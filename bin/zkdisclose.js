#!/usr/bin/env node
// The zkdisclose CLI: runs the built bundle (npm ci builds it through the "prepare" script).
import '../dist/cli.js';
