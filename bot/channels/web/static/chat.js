// The chat widget. It talks only to this server (`/web/messages`, `/web/history`,
// `/web/notices`); the session is the HttpOnly cookie the server set, never anything this
// script can read. Every text from the bot, staff or the customer is inserted with
// textContent, never as HTML.
"use strict";

(function () {
  const chat = document.getElementById("chat");
  if (!chat) return;
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const send = document.getElementById("send");
  const language = document.documentElement.lang === "ko" ? "ko" : "en";
  const words = chat.dataset;
  // How often an open, visible page asks for staff messages (the server answers one poll
  // per session per 10 s), and the least time between two polls when the tab comes back.
  const POLL_EVERY = 30000;
  const POLL_AGAIN_AFTER = 15000;
  let conversing = false; // only a visitor with a conversation has anything to wait for
  let talking = false;
  let polled = 0;

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function add(from, text, buttons) {
    const item = document.createElement("li");
    item.className = "msg " + from;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = from === "you" ? words.you : words.desk;
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    bubble.textContent = text || "";
    item.append(who, bubble);
    if (buttons && buttons.length) {
      const choices = document.createElement("div");
      choices.className = "choices";
      for (const button of buttons) {
        const choice = document.createElement("button");
        choice.type = "button";
        choice.textContent = button.title;
        choice.addEventListener("click", () => {
          for (const other of choices.querySelectorAll("button")) other.disabled = true;
          talk(button.payload, button.title);
        });
        choices.append(choice);
      }
      item.append(choices);
    }
    log.append(item);
    scrollDown();
    return item;
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  // Send a message (or a button's payload, shown by its title) and show the replies.
  async function talk(message, shown) {
    add("you", shown || message);
    send.disabled = true;
    talking = true;
    const waiting = add("desk", words.busy);
    try {
      const answer = await post("/web/messages", { message: message, language: language });
      waiting.remove();
      for (const reply of answer.messages) add("desk", reply.text, reply.buttons);
      conversing = true;
    } catch (problem) {
      waiting.remove();
      add("error", words.error);
    } finally {
      talking = false;
      send.disabled = false;
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    talk(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // Staff messages sent since the page last heard, shown without the customer writing:
  // only while the tab is visible and no message of theirs is on its way (its reply brings
  // them first).
  async function poll() {
    if (!conversing || talking || document.visibilityState !== "visible") return;
    polled = Date.now();
    try {
      const response = await fetch("/web/notices", { credentials: "same-origin" });
      if (!response.ok) return; // too soon, or a hiccup: the next poll asks again
      const answer = await response.json();
      for (const message of answer.messages) add(message.from, message.text, message.buttons);
    } catch (problem) {
      // offline for now: the next poll asks again
    }
  }
  setInterval(poll, POLL_EVERY);
  document.addEventListener("visibilitychange", () => {
    if (Date.now() - polled >= POLL_AGAIN_AFTER) poll();
  });

  // The conversation so far (it survives a reload: the server keeps it).
  fetch("/web/history", { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : { messages: [] }))
    .catch(() => ({ messages: [] }))
    .then((history) => {
      if (!history.messages.length) add("desk", words.greeting);
      const last = history.messages.length - 1;
      history.messages.forEach((message, index) => {
        // only the latest message's buttons can still be pressed
        add(message.from, message.text, index === last ? message.buttons : []);
      });
      conversing = history.messages.length > 0;
      chat.dataset.ready = "true";
      poll(); // what staff sent while the page was closed
    });
})();
