package org.fgsbir.jobs;
