// Webchat on /chat (web/templates/site/chat.html): progressive enhancement. Without this module the
// page says chat needs JavaScript and gives the other ways to get help; with it, the start form
// shows, POSTs to /chat/start, and the panel carries the conversation.
//
// Two transports behind one interface, chosen by what /chat/start answers:
//   "connect"  Amazon Connect, through amazon-connect-chatjs (loaded from /assets only when a chat
//              starts, so no other page, nor this one before a chat, pays for it);
//   "local"    make run's chat service ({"Transport": "local"}), polled at /chat/local/...
// Either hands the panel transcript items in Amazon Connect's shape (Id, Type, ParticipantRole,
// DisplayName, Content, ContentType), so the panel has one way of showing them.
//
// A transport: open(on) connects and reports items with on.item(item) and on.connection(ok);
// send(text) resolves to the sent item's {Id, AbsoluteTime}; typing(); end().

const EVENT = "application/vnd.amazonaws.connect.event.";
export const TYPING = EVENT + "typing";
export const JOINED = EVENT + "participant.joined";
export const LEFT = EVENT + "participant.left";
export const ENDED = EVENT + "chat.ended";
const TEXT = "text/plain";
const MAX_MESSAGE = 1024; // Amazon Connect's limit for a text/plain message
const MAX_NAME = 100;
const POLL_MS = 1000;
const TYPING_SHOWN_MS = 10000;
const TYPING_SENT_EVERY_MS = 5000;
const TRANSCRIPT_ON_CONNECT = 15;
const CHATJS_URL = new URL("amazon-connect-chat.js", import.meta.url).href;

// --- Amazon Connect ---------------------------------------------------------------------------
let chatJs = null;

/** window.connect once amazon-connect-chatjs has loaded (a plain script: it sets a global). */
export function loadChatJs(url = CHATJS_URL) {
  if (window.connect && window.connect.ChatSession) return Promise.resolve(window.connect);
  chatJs ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.async = true;
    script.onload = () =>
      window.connect && window.connect.ChatSession ? resolve(window.connect) : reject(new Error("no ChatSession"));
    script.onerror = () => reject(new Error("amazon-connect-chatjs did not load"));
    document.head.append(script);
  }).catch((error) => {
    chatJs = null; // a later chat may try again
    throw error;
  });
  return chatJs;
}

export function connectTransport(started, region, load = loadChatJs) {
  let session = null;
  return {
    async open(on) {
      const connect = await load();
      connect.ChatSession.setGlobalConfig({ region });
      session = connect.ChatSession.create({
        chatDetails: {
          contactId: started.ContactId,
          participantId: started.ParticipantId,
          participantToken: started.ParticipantToken,
        },
        options: { region },
        type: connect.ChatSession.SessionTypes.CUSTOMER,
        disableCSM: true, // no client-side metrics sent to AWS about the resident's browser
      });
      session.onMessage((event) => on.item(event.data));
      session.onTyping((event) => on.item(event.data));
      session.onEnded((event) => on.item({ ...(event.data || {}), Type: "EVENT", ContentType: ENDED }));
      session.onConnectionBroken(() => on.connection(false));
      session.onConnectionEstablished(() => on.connection(true));
      await session.connect();
      // What the flow wrote before the connection was made (its greeting, say): nice to have, so
      // a failure here does not stop the chat.
      try {
        const transcript = await session.getTranscript({
          scanDirection: "BACKWARD",
          sortOrder: "ASCENDING",
          maxResults: TRANSCRIPT_ON_CONNECT,
        });
        for (const item of (transcript && transcript.data && transcript.data.Transcript) || []) on.item(item);
      } catch {
        // the messages still arrive from now on
      }
    },
    async send(text) {
      const sent = await session.sendMessage({ contentType: TEXT, message: text });
      return sent.data;
    },
    typing: () => session.sendEvent({ contentType: TYPING }),
    end: () => session.disconnectParticipant(),
  };
}

// --- make run's chat service ------------------------------------------------------------------
export function localTransport(started, base = "/chat/local", pollMs = POLL_MS) {
  const token = started.ParticipantToken;
  let after = "";
  let stopped = false;
  let timer = null;

  async function call(path, body) {
    const headers = { "X-Amz-Bearer": token };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(base + path, {
      method: body === undefined ? "GET" : "POST",
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`chat service answered ${response.status}`);
    return response.json();
  }

  return {
    async open(on) {
      const poll = async () => {
        timer = null;
        if (stopped) return;
        try {
          const page = await call(`/transcript?after=${encodeURIComponent(after)}`);
          on.connection(true);
          for (const item of page.Transcript) {
            after = item.Id;
            on.item(item);
            if (item.ContentType === ENDED) stopped = true;
          }
        } catch {
          on.connection(false);
        }
        if (!stopped) timer = setTimeout(poll, pollMs);
      };
      await poll();
    },
    send: (text) => call("/message", { ContentType: TEXT, Content: text }),
    typing: () => call("/event", { ContentType: TYPING }),
    async end() {
      await call("/disconnect", {});
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

export function transportFor(started, region) {
  return started.Transport === "local" ? localTransport(started) : connectTransport(started, region);
}

// --- the panel --------------------------------------------------------------------------------
function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

const FIELD_IDS = { displayName: "chat-name", phone: "chat-phone", topic: "chat-topic" };
const SERVER_MESSAGES = {
  displayName: "Enter your name as plain text, 100 characters or fewer",
  phone: "Enter a UK phone number, like 07700 900 982, or leave it blank",
  topic: "Select what you need help with",
};
const UNAVAILABLE = "Webchat is not available just now. Try again later, or call us.";
const ENDED_WORDS = "This chat has ended.";
const LEFT_WORDS = "You ended the chat.";

export class ChatPanel {
  constructor(root, { transportFor: chooseTransport = transportFor } = {}) {
    this.root = root;
    this.chooseTransport = chooseTransport;
    this.region = root.dataset.connectRegion;
    this.councilName = root.dataset.councilName || "Council";
    this.startForm = root.querySelector("[data-chat-start]");
    this.errors = root.querySelector("[data-chat-errors]");
    this.panel = root.querySelector("[data-chat-panel]");
    this.heading = this.panel.querySelector("h2");
    this.status = root.querySelector("[data-chat-status]");
    this.messages = root.querySelector("[data-chat-messages]");
    this.typingLine = root.querySelector("[data-chat-typing]");
    this.compose = root.querySelector("[data-chat-compose]");
    this.textarea = this.compose.querySelector("textarea");
    this.endedBlock = root.querySelector("[data-chat-ended]");
    this.key = idempotencyKey();
    this.pageTitle = document.title;
    this.seen = new Set();
    this.transport = null;
    this.finished = false;
    this.lastTypingSent = 0;
    this.typingTimer = null;
    this.advisor = null;
    this.leaving = false;
  }

  init() {
    this.root.querySelector("[data-chat-no-js]").hidden = true;
    this.startForm.hidden = false;
    this.startForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.start();
    });
    this.compose.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    this.textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    });
    this.textarea.addEventListener("input", () => this.typed());
    this.root.querySelector("[data-chat-end]").addEventListener("click", () => this.end());
    return this;
  }

  // --- starting ---
  answers() {
    const form = new FormData(this.startForm);
    return {
      displayName: String(form.get("displayName") || "").trim(),
      phone: String(form.get("phone") || "").trim(),
      topic: String(form.get("topic") || ""),
    };
  }

  checked(answers) {
    const problems = [];
    if (!answers.displayName) problems.push(["displayName", "Enter your name"]);
    else if (answers.displayName.length > MAX_NAME) problems.push(["displayName", SERVER_MESSAGES.displayName]);
    if (!answers.topic) problems.push(["topic", SERVER_MESSAGES.topic]);
    return problems;
  }

  async start() {
    const answers = this.answers();
    const problems = this.checked(answers);
    if (problems.length) return this.showErrors(problems);
    const button = this.startForm.querySelector("[data-chat-start-button]");
    button.disabled = true;
    let response;
    try {
      response = await fetch("/chat/start", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": this.key },
        body: JSON.stringify({ displayName: answers.displayName, phone: answers.phone, topic: answers.topic }),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      response = null;
    }
    button.disabled = false;
    if (response && response.status === 400) {
      const refusal = await response.json().catch(() => ({}));
      const field = FIELD_IDS[refusal.field] ? refusal.field : null;
      return this.showErrors([[field, field ? SERVER_MESSAGES[field] : UNAVAILABLE]]);
    }
    if (!response || !response.ok) return this.showErrors([[null, UNAVAILABLE]]);
    const started = await response.json();
    this.clearErrors();
    this.open(started);
  }

  async open(started) {
    this.startForm.hidden = true;
    this.panel.hidden = false;
    this.setStatus("Connecting you to our webchat.");
    this.heading.focus();
    this.transport = this.chooseTransport(started, this.region);
    try {
      await this.transport.open({
        item: (item) => this.show(item),
        connection: (ok) => this.connection(ok),
      });
    } catch {
      this.setStatus(UNAVAILABLE);
      return this.finish();
    }
    if (!this.finished && !this.advisor) this.setStatus("You are connected. Please wait for an advisor to join.");
  }

  // --- what arrives ---
  show(item) {
    if (!item || this.finished) return;
    if (item.Id) {
      if (this.seen.has(item.Id)) return;
      this.seen.add(item.Id);
    }
    const role = item.ParticipantRole;
    switch (item.ContentType) {
      case TYPING:
        if (role !== "CUSTOMER") this.showTyping(item.DisplayName);
        return;
      case JOINED:
        if (role === "AGENT") {
          this.advisor = item.DisplayName || "An advisor";
          this.note(`${this.advisor} has joined the chat.`);
          this.setStatus(`You are chatting with ${this.advisor}.`);
        }
        return;
      case LEFT:
        if (role === "AGENT") this.note(`${item.DisplayName || "The advisor"} has left the chat.`);
        return;
      case ENDED:
        return this.finish(this.leaving ? LEFT_WORDS : ENDED_WORDS);
    }
    if (item.Type !== "MESSAGE" || !item.Content) return;
    if (role === "AGENT") this.hideTyping();
    this.addMessage(role, this.who(item), item.Content);
  }

  who(item) {
    if (item.ParticipantRole === "CUSTOMER") return "You";
    if (item.ParticipantRole === "AGENT") return item.DisplayName || "Advisor";
    return this.councilName;
  }

  addMessage(role, who, text) {
    const entry = document.createElement("li");
    entry.className = `fd-chat__message fd-chat__message--${String(role || "system").toLowerCase()}`;
    const name = document.createElement("span");
    name.className = "fd-chat__who govuk-body-s govuk-!-font-weight-bold";
    name.textContent = who;
    const words = document.createElement("p");
    words.className = "govuk-body fd-chat__text";
    words.textContent = text; // text, never markup
    entry.append(name, words);
    this.messages.append(entry);
    entry.scrollIntoView({ block: "nearest" });
  }

  note(text) {
    const entry = document.createElement("li");
    entry.className = "fd-chat__note govuk-body-s";
    entry.textContent = text;
    this.messages.append(entry);
  }

  showTyping(name) {
    this.typingLine.textContent = `${name || "The advisor"} is typing.`;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), TYPING_SHOWN_MS);
  }

  hideTyping() {
    clearTimeout(this.typingTimer);
    this.typingLine.textContent = "";
  }

  connection(ok) {
    if (this.finished) return;
    if (!ok) this.setStatus("The connection to the chat was lost. Trying again.");
    else if (this.status.textContent.startsWith("The connection")) {
      this.setStatus(this.advisor ? `You are chatting with ${this.advisor}.` : "You are connected.");
    }
  }

  // --- what the resident does ---
  async send() {
    if (this.finished || !this.transport) return;
    const text = this.textarea.value.trim();
    this.clearFieldError(this.textarea);
    if (!text) return;
    if (text.length > MAX_MESSAGE) {
      return this.fieldError(this.textarea, `Your message must be ${MAX_MESSAGE.toLocaleString("en-GB")} characters or fewer`);
    }
    try {
      const sent = await this.transport.send(text);
      this.textarea.value = "";
      this.show({ Id: sent && sent.Id, Type: "MESSAGE", ParticipantRole: "CUSTOMER", ContentType: TEXT, Content: text });
    } catch {
      this.fieldError(this.textarea, "Your message was not sent. Try again");
    }
  }

  typed() {
    const now = Date.now();
    if (!this.transport || this.finished || now - this.lastTypingSent < TYPING_SENT_EVERY_MS) return;
    this.lastTypingSent = now;
    Promise.resolve()
      .then(() => this.transport.typing())
      .catch(() => {}); // a lost typing event is not worth telling anyone about
  }

  async end() {
    if (this.finished || !this.transport) return;
    this.leaving = true; // Connect may report the end before disconnecting has answered
    try {
      await this.transport.end();
    } catch {
      // Ended on our side whatever the service says: the resident asked to leave.
    }
    this.finish(LEFT_WORDS);
  }

  finish(words = ENDED_WORDS) {
    if (this.finished) return;
    this.finished = true;
    if (this.transport && this.transport.stop) this.transport.stop();
    const focusWasInside = this.compose.contains(document.activeElement);
    this.hideTyping();
    this.compose.hidden = true;
    this.endedBlock.hidden = false;
    this.setStatus(words);
    if (focusWasInside) this.heading.focus();
  }

  setStatus(text) {
    this.status.textContent = text;
  }

  // --- errors, as the GOV.UK error summary and inline messages ---
  showErrors(problems) {
    this.clearErrors();
    const list = this.errors.querySelector("ul");
    for (const [field, message] of problems) {
      const item = document.createElement("li");
      if (field) {
        const link = document.createElement("a");
        link.href = `#${FIELD_IDS[field]}`;
        link.textContent = message;
        link.addEventListener("click", (event) => {
          event.preventDefault();
          document.getElementById(FIELD_IDS[field]).focus();
        });
        item.append(link);
        this.fieldError(document.getElementById(FIELD_IDS[field]), message);
      } else {
        item.textContent = message;
      }
      list.append(item);
    }
    this.errors.hidden = false;
    document.title = `Error: ${this.pageTitle}`;
    this.errors.focus();
  }

  clearErrors() {
    this.errors.hidden = true;
    this.errors.querySelector("ul").replaceChildren();
    for (const control of this.startForm.querySelectorAll("input")) this.clearFieldError(control);
    document.title = this.pageTitle;
  }

  fieldError(control, message) {
    const group = control.closest(".govuk-form-group");
    const id = `${control.name}-error`;
    const error = document.createElement("p");
    error.className = "govuk-error-message";
    error.id = id;
    const hidden = document.createElement("span");
    hidden.className = "govuk-visually-hidden";
    hidden.textContent = "Error:";
    error.append(hidden, ` ${message}`);
    const described = control.type === "radio" ? control.closest("fieldset") : control;
    const before = control.type === "radio" ? group.querySelector(".govuk-radios") : control;
    before.before(error);
    group.classList.add("govuk-form-group--error");
    if (control.type !== "radio") control.classList.add(control.tagName === "TEXTAREA" ? "govuk-textarea--error" : "govuk-input--error");
    described.setAttribute("aria-describedby", `${described.getAttribute("aria-describedby") || ""} ${id}`.trim());
  }

  clearFieldError(control) {
    const group = control.closest(".govuk-form-group");
    const id = `${control.name}-error`;
    const error = group && group.querySelector(`#${CSS.escape(id)}`);
    if (!error) return;
    error.remove();
    group.classList.remove("govuk-form-group--error");
    control.classList.remove("govuk-input--error", "govuk-textarea--error");
    const described = control.type === "radio" ? control.closest("fieldset") : control;
    const rest = (described.getAttribute("aria-describedby") || "").split(" ").filter((part) => part && part !== id);
    if (rest.length) described.setAttribute("aria-describedby", rest.join(" "));
    else described.removeAttribute("aria-describedby");
  }
}

const root = document.getElementById("chat");
if (root) new ChatPanel(root).init();
